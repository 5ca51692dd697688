export default definePageConfig({ navigationBarTitleText: '微心愿', enablePullDownRefresh: true })
