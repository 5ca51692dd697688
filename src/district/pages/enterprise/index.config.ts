export default definePageConfig({ navigationBarTitleText: '一企一档' })
