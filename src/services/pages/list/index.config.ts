export default definePageConfig({ navigationBarTitleText: '驿站服务', enablePullDownRefresh: true })
