export default definePageConfig({ navigationBarTitleText: '党员认证' })
