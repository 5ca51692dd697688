export default definePageConfig({ navigationBarTitleText: '我管理的服务', enablePullDownRefresh: true })
