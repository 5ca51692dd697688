export default definePageConfig({ navigationBarTitleText: '设置驿站服务' })
