export default definePageConfig({ navigationBarTitleText: '驿站详情', enableShareAppMessage: true, enableShareTimeline: true })
