/**
 * Chat cards for a station, an activity and a public report: the right page with its id, a title that
 * says what it is in WeChat's ~26 visible characters, an https image only, and nothing about a reporter.
 */
import { reportShareCard } from '../../src/reports/share'
import { SHARE_TITLE_MAX, shareTitle } from '../../src/shell/share'
import { stationShareCard } from '../../src/stations/share'
import { activityShareCard } from '../../src/volunteers/share'

test('titles join their parts and are cut to what a chat shows', () => {
  expect(shareTitle('惠家·暖心驿站', undefined, false, '换电')).toBe('惠家·暖心驿站｜换电')
  const long = shareTitle('一个非常非常非常非常长的驿站名字一个非常非常非常非常长的驿站名字', '换电')
  expect(long).toHaveLength(SHARE_TITLE_MAX)
  expect(long.endsWith('…')).toBe(true)
})

test('a station card opens its detail page, names what it offers first, and uses only an https photo', () => {
  const card = stationShareCard({ stationId: 'st lf/004', name: '娄葑暖新驿站', amenities: ['battery_swap', 'drinking_water', 'toilet', 'wifi'], openText: '24小时开放', photoUrls: ['cloud://env.bucket/a.jpg', 'https://tmp.example/b.jpg'] })
  expect(card).toEqual({ title: '娄葑暖新驿站｜换电·饮用水·厕所', path: '/stations/pages/detail/index?id=st%20lf%2F004', imageUrl: 'https://tmp.example/b.jpg' })
  expect(stationShareCard({ stationId: 's', name: '站', amenities: [], openText: '营业至 22:00', photoUrls: [] })).toEqual({ title: '站｜营业至 22:00', path: '/stations/pages/detail/index?id=s', imageUrl: undefined })
})

test('an activity card says when in China time and how many places are left', () => {
  const a = { activityId: 'act-1', title: '周末护学岗', startAt: '2025-06-07T01:00:00.000Z', endAt: '2025-06-07T03:00:00.000Z', capacity: 10, signedUp: 7 }
  const card = activityShareCard(a)
  expect(card.path).toBe('/volunteers/pages/activity/index?id=act-1')
  expect(card.title.startsWith('周末护学岗｜')).toBe(true)
  expect(card.title).toBe('周末护学岗｜6月7日 09:00｜剩3个名额')
  expect(activityShareCard(a).title.length).toBeLessThanOrEqual(SHARE_TITLE_MAX)
  expect(activityShareCard({ ...a, title: '站', signedUp: 10 }).title).toContain('可报名候补')
  expect(activityShareCard({ ...a, title: '站' }).title).toContain('剩3个名额')
})

test('a report card names the problem, its progress and street, and nothing else', () => {
  const card = reportShareCard({ id: 'rp-1', categoryName: '非机动车乱停放', state: 'dispatched', streetName: '娄葑街道' })
  expect(card).toEqual({ title: '随手拍：非机动车乱停放｜已派单｜娄葑街道', path: '/reports/pages/detail/index?id=rp-1' })
})
