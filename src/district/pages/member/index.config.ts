export default definePageConfig({ navigationBarTitleText: '党员找组织' })
