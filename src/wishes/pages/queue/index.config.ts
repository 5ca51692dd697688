export default definePageConfig({ navigationBarTitleText: '微心愿审核', enablePullDownRefresh: true })
