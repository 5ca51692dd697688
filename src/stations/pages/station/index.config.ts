export default definePageConfig({ navigationBarTitleText: '管理驿站' })
