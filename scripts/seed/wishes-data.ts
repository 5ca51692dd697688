/**
 * Demo micro-wishes and suggestions, made through the same pure machines the functions use, so every
 * stored state has its events: in each district's first street a few wishes on the wall (one returned
 * with priority after a lapsed claim), one waiting for screening, one claimed; and suggestions in every
 * answer state with public replies. No wish is fulfilled here, so no demo points are owed for them.
 */
import { Collection } from '../../src/core/collections'
import { applySuggestionCommand, postEvent as suggestionPostEvent, type SuggestionActor, type SuggestionCommandInput } from '../../src/suggestions/machine'
import type { SuggestionDoc, SuggestionEventDoc } from '../../src/suggestions/model'
import type { SuggestionCategory } from '../../src/suggestions/vocabulary'
import { applyWishCommand, postEvent, wishSystemActor, type WishActor, type WishCommandInput } from '../../src/wishes/machine'
import type { WishDoc, WishEventDoc } from '../../src/wishes/model'
import { openWishStates, type ValueBand, type WishCategory } from '../../src/wishes/vocabulary'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import type { DemoData } from './demo-data'
import { districts } from './places'

const HOUR = 3_600_000
const DAY = 24 * HOUR

const wishSpecs: Array<[WishCategory, string, string, ValueBand, string]> = [
  ['clothing', '一件厚实的冬季棉衣', '晚上送单风大，旧棉衣已经不保暖了。', 'under_100', '金鸡湖社区'],
  ['child_study', '孩子的新书包和文具', '孩子上三年级，书包背带断了。', 'under_100', '东港社区'],
  ['work_gear', '一个结实的手机支架', '电动车上的手机支架坏了，导航不方便。', 'under_100', '文萃社区'],
  ['legal_help', '租房押金纠纷咨询', '退租后房东一直不退押金，想请人帮忙看看合同。', 'under_100', '葑谊社区'],
  ['health', '给母亲买一个血压计', '母亲有高血压，想在家每天量一量。', 'from_100_to_300', '南施社区'],
]

const suggestionSpecs: Array<[SuggestionCategory, string, string]> = [
  ['rest_point', '地铁站口取餐点需要一个避雨棚，下雨天只能站在雨里等餐。', '地铁站 2 号口'],
  ['charging', '美食街附近没有电动车充电桩，希望增设几个。', '美食街北口'],
  ['parking', '小区门口不让外卖电动车临时停放，送餐要走很远。', '小区南门'],
  ['road_safety', '十字路口右转盲区经常有险情，建议加装凸面镜。', '星港街路口'],
  ['rights', '希望驿站提供免费的劳动合同咨询。', ''],
]

export function buildWishesDemo(data: DemoData, now: Date): DemoData {
  const wishes: WishDoc[] = []
  const wishEvents: WishEventDoc[] = []
  const suggestions: SuggestionDoc[] = []
  const suggestionEvents: SuggestionEventDoc[] = []
  const streets = new Map(((data[Collection.streets] ?? []) as unknown as Array<{ _id: string; name: string; district: string }>).map((s) => [s._id, s]))
  const workerIds = ((data[Collection.users] ?? []) as unknown as Array<{ _id: string; openid: string }>).filter((u) => u.openid.startsWith('seed-worker-')).map((u) => u._id)
  let n = 0
  for (const d of districts) {
    const street = streets.get(d.streets[0].id)
    if (!street) continue
    const key = d.key === 'lf' ? '' : `${d.key}-`
    const staff: WishActor = { userId: userIdFor(`dev-${key}dispatcher`), roles: ['worker', 'dispatcher'], streetIds: [street._id], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
    const member: WishActor = { userId: userIdFor(`dev-${key}party-member`), roles: ['worker', 'party_member'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
    wishSpecs.forEach(([categoryId, title, description, valueBand, community], i) => {
      const createdAt = new Date(now.getTime() - (20 - i * 3) * DAY)
      let w: WishDoc = {
        _id: `wish-${d.key}-${i + 1}`,
        idempotencyKey: `seed:wish-${d.key}-${i + 1}`,
        beneficiaryId: workerIds[n++ % Math.max(1, workerIds.length)],
        forWhom: i === 1 || i === 4 ? 'family' : 'self',
        categoryId,
        title,
        description,
        valueBand,
        district: street.district,
        street: street._id,
        streetName: street.name,
        community,
        phoneConsent: false,
        state: 'submitted',
        version: 1,
        priority: 0,
        createdAt,
        updatedAt: createdAt,
      }
      wishEvents.push(postEvent(w))
      const step = (command: WishCommandInput, actor: WishActor, at: Date) => {
        const { patch, event } = applyWishCommand(w, command, actor, at)
        w = { ...w, ...patch }
        for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (w as unknown as Record<string, unknown>)[k]
        wishEvents.push(event)
      }
      // The last one still waits for screening; the others are on the wall.
      if (i < 4) step({ type: 'screen_ok' }, staff, new Date(createdAt.getTime() + DAY))
      // The first had a claim that lapsed after 7 days: back on the wall with priority.
      if (i === 0) {
        step({ type: 'claim', kind: 'member' }, member, new Date(createdAt.getTime() + 2 * DAY))
        step({ type: 'lapse' }, wishSystemActor, new Date(createdAt.getTime() + 10 * DAY))
      }
      // The third is claimed and contacted.
      if (i === 2) {
        step({ type: 'claim', kind: 'member' }, member, new Date(createdAt.getTime() + 2 * DAY))
        step({ type: 'mark_contacted' }, member, new Date(createdAt.getTime() + 3 * DAY))
      }
      wishes.push(w)
    })

    const answerer: SuggestionActor = { userId: staff.userId, roles: staff.roles, streetIds: staff.streetIds }
    const dept = { departmentId: `dept-${d.key}-city_management`, departmentName: '城市管理' }
    const deptDoc = ((data[Collection.departments] ?? []) as unknown as Array<{ _id: string; name: string }>).find((x) => x._id === dept.departmentId)
    if (deptDoc) dept.departmentName = deptDoc.name
    suggestionSpecs.forEach(([categoryId, text, place], i) => {
      const createdAt = new Date(now.getTime() - (25 - i * 4) * DAY)
      let s: SuggestionDoc = {
        _id: `suggestion-${d.key}-${i + 1}`,
        idempotencyKey: `seed:suggestion-${d.key}-${i + 1}`,
        authorId: workerIds[n++ % Math.max(1, workerIds.length)],
        categoryId,
        text,
        district: street.district,
        street: street._id,
        streetName: street.name,
        state: 'received',
        version: 1,
        supportCount: 3 + ((i * 7) % 11),
        createdAt,
        updatedAt: createdAt,
      }
      if (place) s.place = place
      suggestionEvents.push(suggestionPostEvent(s))
      const step = (command: SuggestionCommandInput, days: number) => {
        const { patch, event } = applySuggestionCommand(s, command, answerer, new Date(createdAt.getTime() + days * DAY))
        s = { ...s, ...patch }
        suggestionEvents.push(event)
      }
      // One of each: solved, adopted, not adopted, evaluating, received.
      if (i <= 1) {
        step({ type: 'evaluate', reply: '感谢您的建议，我们已安排工作人员到现场查看。' }, 2)
        step({ type: 'assign', ...dept }, 3)
        const promised = new Date(createdAt.getTime() + 40 * DAY).toISOString().slice(0, 10)
        step({ type: 'adopt', reply: '您的建议已采纳，已交由责任部门办理。', promisedDate: promised }, 5)
        if (i === 0) step({ type: 'solve', reply: '已办结，欢迎到现场查看。' }, 20)
      } else if (i === 2) {
        step({ type: 'decline', reason: 'not_our_remit', reply: '该事项由小区物业管理，我们已转告物业，请与物业协商。' }, 4)
      } else if (i === 3) {
        step({ type: 'evaluate', reply: '已转交交警部门研究。' }, 9)
      }
      suggestions.push(s)
    })
  }
  // Each beneficiary's open-wish slots, as the post transaction keeps them (cloudfunctions/wishes).
  const slots = new Map<string, string[]>()
  for (const w of wishes) if (openWishStates.includes(w.state)) slots.set(w.beneficiaryId, [...(slots.get(w.beneficiaryId) ?? []), w._id])
  const counters = [...slots.entries()].map(([userId, ids]) => ({ _id: `wish_open:${userId}`, ids, updatedAt: now }))
  return {
    [Collection.counters]: counters as unknown as DemoData['counters'],
    [Collection.wishes]: wishes as unknown as DemoData['wishes'],
    [Collection.wishEvents]: wishEvents as unknown as DemoData['wish_events'],
    [Collection.suggestions]: suggestions as unknown as DemoData['suggestions'],
    [Collection.suggestionEvents]: suggestionEvents as unknown as DemoData['suggestion_events'],
  }
}
