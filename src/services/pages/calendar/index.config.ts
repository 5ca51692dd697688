export default definePageConfig({ navigationBarTitleText: '暖新365' })
