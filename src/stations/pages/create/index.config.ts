export default definePageConfig({ navigationBarTitleText: '新建站点' })
