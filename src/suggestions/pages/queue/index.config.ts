export default definePageConfig({ navigationBarTitleText: '待答复的建议', enablePullDownRefresh: true })
