export default definePageConfig({ navigationBarTitleText: '爱"新"存折' })
