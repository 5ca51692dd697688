export default definePageConfig({ navigationBarTitleText: '活动考勤' })
