/**
 * The admin's reward form: what the inputs hold (text, as typed), a draft from an existing reward,
 * and turning a draft into the `saveReward` payload checked by the contract's own schema
 * (contract.ts `rewardInput`), so the form refuses exactly what the server would, with the schema's
 * message under a Chinese field name. Stock is set only when creating (later only through 补货).
 * Node-free.
 */
import { AppError } from '../core/errors'
import type { Infer } from '../core/schema'
import { chinaDateKey, parseChinaDate } from '../core/time'
import { rewardInput, type AdminRewardView } from './contract'

export type RewardInput = Infer<typeof rewardInput>

export interface RewardDraft {
  id?: string
  name: string
  description: string
  photo: string
  cost: string
  stock: string
  limitPerDay: string
  limitPerMonth: string
  limitTotal: string
  /** YYYY-MM-DD or empty. */
  validFrom: string
  validUntil: string
  pickupHours: string
  /** Station ids, separated by commas, spaces or 、. */
  stations: string
  active: boolean
}

export const rewardFieldLabel: Record<string, string> = {
  name: '名称',
  description: '说明',
  photo: '图片',
  cost: '所需积分',
  stock: '初始库存',
  limitPerDay: '每人每日限兑',
  limitPerMonth: '每人每月限兑',
  limitTotal: '每人累计限兑',
  validFrom: '兑换开始日期',
  validUntil: '兑换结束日期',
  pickupHours: '领取时限（小时）',
  pickupStationIds: '领取站点',
  active: '上架',
  order: '排序',
}

export const emptyRewardDraft: RewardDraft = {
  name: '',
  description: '',
  photo: '',
  cost: '',
  stock: '0',
  limitPerDay: '0',
  limitPerMonth: '0',
  limitTotal: '0',
  validFrom: '',
  validUntil: '',
  pickupHours: '72',
  stations: '',
  active: true,
}

/** The China calendar day of a stored instant (a date typed as 2025-06-01 is stored as China's midnight). */
const dateOnly = (iso?: string) => (iso ? chinaDateKey(new Date(iso)) : '')

export function draftOf(r: AdminRewardView): RewardDraft {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    photo: r.photo ?? '',
    cost: String(r.cost),
    stock: String(r.stockInitial),
    limitPerDay: String(r.limitPerDay),
    limitPerMonth: String(r.limitPerMonth),
    limitTotal: String(r.limitTotal),
    validFrom: dateOnly(r.validFrom),
    validUntil: dateOnly(r.validUntil),
    pickupHours: String(r.pickupHours),
    stations: r.stations.map((s) => s.id).join(', '),
    active: r.active,
  }
}

/** Typed digits as a number; anything else stays as typed so the schema names the problem. */
function num(text: string): unknown {
  const t = text.trim()
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t
}

/** The schema's message with the field's Chinese name in place of its path. */
export function withFieldLabel(err: AppError): AppError {
  if (!err.field) return err
  const root = err.field.replace(/\[\d+\]$/, '')
  const label = rewardFieldLabel[root]
  return label && err.message.startsWith(err.field) ? new AppError(err.code, `${label}${err.message.slice(err.field.length)}`, root) : err
}

/** The payload for saveReward, or the first problem as the contract words it. */
export function rewardPayload(d: RewardDraft): { ok: true; input: RewardInput } | { ok: false; error: AppError } {
  const raw: Record<string, unknown> = {
    name: d.name.trim(),
    description: d.description.trim(),
    cost: num(d.cost),
    limitPerDay: num(d.limitPerDay),
    limitPerMonth: num(d.limitPerMonth),
    limitTotal: num(d.limitTotal),
    pickupHours: num(d.pickupHours),
    pickupStationIds: d.stations.split(/[\s,，、]+/).filter(Boolean),
    active: d.active,
  }
  if (d.id) raw.id = d.id
  else raw.stock = num(d.stock)
  if (d.photo.trim()) raw.photo = d.photo.trim()
  if (d.validFrom.trim()) raw.validFrom = d.validFrom.trim()
  if (d.validUntil.trim()) raw.validUntil = d.validUntil.trim()
  try {
    const input = rewardInput.parse(raw, '')
    // What the server checks next (admin.ts saveReward): real dates, the end after the start.
    for (const k of ['validFrom', 'validUntil'] as const) {
      if (input[k] && Number.isNaN(parseChinaDate(input[k] as string).getTime())) return { ok: false, error: new AppError('INVALID_ARGUMENT', `${rewardFieldLabel[k]}不是有效日期`, k) }
    }
    if (input.validFrom && input.validUntil && parseChinaDate(input.validFrom) >= parseChinaDate(input.validUntil)) return { ok: false, error: new AppError('INVALID_ARGUMENT', '兑换结束日期应晚于开始日期', 'validUntil') }
    return { ok: true, input }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: withFieldLabel(err) }
    throw err
  }
}
