export default definePageConfig({ navigationBarTitleText: '类别 · 部门 · 网格' })
