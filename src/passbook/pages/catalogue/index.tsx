/**
 * The rewards catalogue: cost in big numerals, stock, limits and pickup stations. 兑换 asks once, then
 * sends one intent with one idempotency key (kept across retries), and opens the pickup code.
 */
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { AppError } from '../../../core/errors'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Empty, ErrorState, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import type { RewardView } from '../../contract'
import { passbook } from '../../service'
import '../passbook.scss'

function limits(r: RewardView): string {
  const parts = [r.limitPerDay && `每天限 ${r.limitPerDay} 次`, r.limitPerMonth && `每月限 ${r.limitPerMonth} 次`, r.limitTotal && `每人限 ${r.limitTotal} 次`].filter(Boolean)
  return parts.length ? parts.join('，') : '不限次数'
}

export default function Catalogue() {
  const catalogue = useQuery(passbook.catalogue, {})
  const summary = useQuery(passbook.summary, {})
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  // One key per reward intent: a retry of the same tap reuses it, a definite answer discards it.
  const keys = useRef(new Map<string, string>())

  const redeem = async (r: RewardView) => {
    const ok = await Taro.showModal({ title: '确认兑换', content: `用 ${r.cost} 积分兑换「${r.name}」？兑换后 ${r.pickupHours} 小时内到指定驿站领取。`, confirmText: '兑换' })
    if (!ok.confirm) return
    const key = keys.current.get(r.id) ?? newIdempotencyKey()
    keys.current.set(r.id, key)
    setBusy(r.id)
    setError(null)
    try {
      const res = await passbook.redeem({ rewardId: r.id, idempotencyKey: key })
      keys.current.delete(r.id)
      void summary.refetch()
      void catalogue.refetch()
      void Taro.navigateTo({ url: `/passbook/pages/redemption/index?id=${res.id}` })
    } catch (e) {
      const err = e as AppError
      // Only a transient failure keeps the key for the next tap; a refusal is final for this intent.
      if (!['UNAVAILABLE', 'INTERNAL'].includes(err.code)) keys.current.delete(r.id)
      setError(err)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Page>
      {summary.data ? <Text className='nx-lead'>我的积分：{summary.data.points}</Text> : null}
      {error ? <ErrorState error={error} title='没有兑换成功' /> : null}
      <QueryView query={catalogue} skeletonRows={4}>
        {(items) =>
          items.length === 0 ? (
            <Empty title='暂无可兑换的礼品' text='礼品上架后会显示在这里。' />
          ) : (
            <View>
              {items.map((r) => {
                const short = summary.data !== undefined && summary.data.points < r.cost
                return (
                  <Card key={r.id} title={r.name}>
                    {r.photoUrl ? <Image className='pb-reward__photo' src={r.photoUrl} mode='aspectFill' lazyLoad /> : null}
                    <Text className='pb-reward__cost'>{r.cost} 分</Text>
                    <Text className='pb-reward__meta'>
                      {r.description} · 剩余 {r.stock} 件 · {limits(r)}
                    </Text>
                    <Text className='pb-reward__meta'>领取：{r.stations.map((s) => s.name).join('、')}</Text>
                    <Button block loading={busy === r.id} disabled={Boolean(r.unavailable) || short || (busy !== null && busy !== r.id)} onClick={() => void redeem(r)}>
                      {r.unavailable ?? (short ? `积分不足（还差 ${r.cost - (summary.data?.points ?? 0)} 分）` : '兑换')}
                    </Button>
                  </Card>
                )
              })}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
