/**
 * App manifest (app.json). Tab pages only in the main package; every feature is a subpackage whose
 * root is its domain folder (src/<domain>/pages/...), preloaded from the tab that leads to it.
 * Privacy: the code uses exactly one location API, precise `getLocation` (src/shell/location.ts):
 * check-in needs ~200 m accuracy, which fuzzy location cannot give, and the two kinds are exclusive.
 */
export default defineAppConfig({
  pages: ['pages/stations/index', 'pages/passbook/index', 'pages/report/index', 'pages/me/index'],
  subPackages: [
    // Convention: root = domain folder under src, pages under <root>/pages/<page>/index.
    { root: 'users', pages: ['pages/profile/index', 'pages/messages/index', 'pages/grants/index'] },
    { root: 'stations', pages: ['pages/detail/index', 'pages/manage/index', 'pages/station/index', 'pages/create/index'] },
    { root: 'checkins', pages: ['pages/checkin/index', 'pages/history/index', 'pages/figures/index', 'pages/party/index', 'pages/review/index'] },
    { root: 'passbook', pages: ['pages/catalogue/index', 'pages/redemptions/index', 'pages/redemption/index', 'pages/fulfil/index', 'pages/admin/index', 'pages/entries/index'] },
    {
      root: 'volunteers',
      pages: ['pages/teams/index', 'pages/team/index', 'pages/activities/index', 'pages/activity/index', 'pages/mine/index', 'pages/manage/index', 'pages/attendance/index', 'pages/attend/index', 'pages/certificate/index', 'pages/create/index', 'pages/verify/index'],
    },
    { root: 'services', pages: ['pages/list/index', 'pages/service/index', 'pages/mine/index', 'pages/edit/index', 'pages/roster/index', 'pages/figures/index', 'pages/calendar/index', 'pages/kept/index'] },
    { root: 'reports', pages: ['pages/new/index', 'pages/detail/index', 'pages/queue/index', 'pages/figures/index', 'pages/admin/index'] },
    { root: 'wishes', pages: ['pages/wall/index', 'pages/new/index', 'pages/detail/index', 'pages/queue/index', 'pages/mine/index'] },
    { root: 'suggestions', pages: ['pages/board/index', 'pages/new/index', 'pages/detail/index', 'pages/queue/index'] },
    { root: 'district', pages: ['pages/workbench/index', 'pages/enterprise/index', 'pages/member/index', 'pages/coverage/index'] },
  ],
  preloadRule: {
    'pages/stations/index': { network: 'all', packages: ['stations', 'checkins'] },
    'pages/passbook/index': { network: 'all', packages: ['passbook'] },
    'pages/report/index': { network: 'all', packages: ['reports'] },
    'pages/me/index': { network: 'all', packages: ['users', 'volunteers'] },
  },
  window: {
    navigationBarTitleText: '暖新',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f3ef',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#3d3d3d',
    selectedColor: '#b93a0b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/stations/index', text: '驿站', iconPath: 'assets/tab/stations.png', selectedIconPath: 'assets/tab/stations-on.png' },
      { pagePath: 'pages/passbook/index', text: '存折', iconPath: 'assets/tab/passbook.png', selectedIconPath: 'assets/tab/passbook-on.png' },
      { pagePath: 'pages/report/index', text: '随手拍', iconPath: 'assets/tab/report.png', selectedIconPath: 'assets/tab/report-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  permission: {
    'scope.userLocation': { desc: '你的位置将用于查找附近的暖新驿站和扫码报到时核对距离' },
  },
  requiredPrivateInfos: ['getLocation'],
  lazyCodeLoading: 'requiredComponents',
})
