export default definePageConfig({ navigationBarTitleText: '核销取货码' })
