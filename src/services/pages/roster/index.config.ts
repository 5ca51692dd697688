export default definePageConfig({ navigationBarTitleText: '时段名单' })
