export default definePageConfig({ navigationBarTitleText: '到访统计' })
