export default definePageConfig({ navigationBarTitleText: '我的报到记录' })
