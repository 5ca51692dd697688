export default definePageConfig({ navigationBarTitleText: '建议公示', enablePullDownRefresh: true })
