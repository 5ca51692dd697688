export default definePageConfig({ navigationBarTitleText: '附近驿站' })
