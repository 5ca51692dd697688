export default definePageConfig({ navigationBarTitleText: '提个建议' })
