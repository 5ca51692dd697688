export default definePageConfig({ navigationBarTitleText: '十分钟暖新服务圈' })
