export default definePageConfig({ navigationBarTitleText: '队伍详情' })
