export default definePageConfig({ navigationBarTitleText: '区/街道工作台' })
