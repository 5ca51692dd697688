/**
 * Admin: point rules (points per unit, daily and monthly caps, on/off), the rewards catalogue with
 * stock counters, 补货 and a create/edit form (../../components/RewardForm), and 对账 (reconciliation) — dense lists, every change with a reason.
 */
import { Input, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, ErrorState, Page, QueryView, Tag } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { RewardForm } from '../../components/RewardForm'
import type { ReconcileResult, RuleView } from '../../contract'
import { draftOf, emptyRewardDraft, type RewardDraft } from '../../reward-form'
import { passbook } from '../../service'
import '../passbook.scss'

async function askReason(title: string): Promise<string | null> {
  const res = await Taro.showModal({ title, editable: true, placeholderText: '请填写原因（必填）', content: '' } as Taro.showModal.Option)
  const text = ((res as unknown as { content?: string }).content ?? '').trim()
  return res.confirm && text.length >= 2 ? text : null
}

function RuleRow({ rule, onSaved }: { rule: RuleView; onSaved: () => void }) {
  const [draft, setDraft] = useState(rule)
  const save = useAction(passbook.saveRule)
  const num = (v: string) => Math.max(0, Math.floor(Number(v) || 0))
  return (
    <View className='pb-dense'>
      <View className='nx-row'>
        <Text className='nx-row__label'>{rule.label}</Text>
        <Switch checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.detail.value })} />
      </View>
      {/* Label above its input, three columns: side by side in one row the labels wrapped one character per line. */}
      <View className='pb-fields'>
        <View className='pb-field'>
          <Text className='pb-field__label'>每次/每小时</Text>
          <Input className='pb-input pb-input--small' type='number' value={String(draft.pointsPerUnit)} onInput={(e) => setDraft({ ...draft, pointsPerUnit: num(e.detail.value) })} />
        </View>
        <View className='pb-field'>
          <Text className='pb-field__label'>日上限</Text>
          <Input className='pb-input pb-input--small' type='number' value={String(draft.dailyCap)} onInput={(e) => setDraft({ ...draft, dailyCap: num(e.detail.value) })} />
        </View>
        <View className='pb-field'>
          <Text className='pb-field__label'>月上限</Text>
          <Input className='pb-input pb-input--small' type='number' value={String(draft.monthlyCap)} onInput={(e) => setDraft({ ...draft, monthlyCap: num(e.detail.value) })} />
        </View>
      </View>
      {save.error ? <Text className='pb-result pb-result--error'>{save.error.message}</Text> : null}
      <Button
        small
        kind='secondary'
        loading={save.loading}
        onClick={async () => {
          const reason = await askReason(`保存规则：${rule.label}`)
          if (!reason) return
          if (await save.run({ kind: draft.kind as never, label: draft.label, pointsPerUnit: draft.pointsPerUnit, dailyCap: draft.dailyCap, monthlyCap: draft.monthlyCap, active: draft.active, reason })) onSaved()
        }}
      >
        保存
      </Button>
    </View>
  )
}

export default function PassbookAdmin() {
  const rules = useQuery(passbook.rules, {})
  const rewards = useQuery(passbook.adminRewards, {})
  const addStock = useAction(passbook.addStock)
  const [rec, setRec] = useState<ReconcileResult | null>(null)
  const [editing, setEditing] = useState<RewardDraft | null>(null)
  const reconcile = useAction(passbook.reconcile)

  const runReconcile = async () => {
    let cursor: string | undefined
    const all: ReconcileResult = { accountsChecked: 0, rewardsChecked: 0, mismatches: [], done: false }
    for (let i = 0; i < 500; i++) {
      const r = await reconcile.run({ cursor, accounts: undefined })
      if (!r) return
      all.accountsChecked += r.accountsChecked
      all.rewardsChecked += r.rewardsChecked
      all.mismatches.push(...r.mismatches)
      if (r.done || !r.nextCursor) break
      cursor = r.nextCursor
    }
    setRec({ ...all, done: true })
  }

  return (
    <Page>
      <Card title='对账'>
        <Button block loading={reconcile.loading} onClick={() => void runReconcile()}>
          开始对账
        </Button>
        {reconcile.error ? <ErrorState error={reconcile.error} /> : null}
        {rec ? (
          <View className={`pb-result pb-result--${rec.mismatches.length ? 'error' : 'ok'}`} role='status'>
            <Text>
              已核对 {rec.accountsChecked} 个账户、{rec.rewardsChecked} 种礼品：{rec.mismatches.length ? `发现 ${rec.mismatches.length} 处不一致（已记入审计日志，未自动修改）` : '全部一致'}
            </Text>
            {rec.mismatches.slice(0, 50).map((m, i) => (
              <Text key={i} className='pb-entry__time'>
                {m.kind} {m.id}：{m.detail}
              </Text>
            ))}
          </View>
        ) : null}
      </Card>
      <Card title='积分规则'>
        <QueryView query={rules} skeletonRows={3}>
          {(items) => (
            <View>
              {items.map((r) => (
                <RuleRow key={`${r.kind}-${r.updatedAt ?? ''}`} rule={r} onSaved={() => void rules.refetch()} />
              ))}
            </View>
          )}
        </QueryView>
      </Card>
      {editing ? (
        <RewardForm
          key={editing.id ?? 'new'}
          initial={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void rewards.refetch()
          }}
        />
      ) : null}
      <Card title='礼品与库存'>
        {editing ? null : (
          <Button block kind='secondary' onClick={() => setEditing(emptyRewardDraft)}>
            新增礼品
          </Button>
        )}
        {addStock.error ? <ErrorState error={addStock.error} /> : null}
        <QueryView query={rewards} skeletonRows={4}>
          {(items) => (
            <View className='pb-dense'>
              {items.map((r) => (
                <View key={r.id} className='nx-row'>
                  <Text className='nx-row__label'>
                    {r.name} · {r.cost} 分 {r.active ? '' : '（已下架）'}
                  </Text>
                  <Tag tone={r.stock > 0 ? 'ok' : 'warn'}>
                    库存 {r.stock} / 待领 {r.pending} / 已领 {r.fulfilled} / 总 {r.stockInitial}
                  </Tag>
                  <Button
                    small
                    kind='plain'
                    onClick={async () => {
                      const reason = await askReason(`补货：${r.name}（加 10 件）`)
                      if (reason && (await addStock.run({ rewardId: r.id, quantity: 10, reason }))) void rewards.refetch()
                    }}
                  >
                    补货 10
                  </Button>
                  <Button small kind='plain' onClick={() => setEditing(draftOf(r))}>
                    编辑
                  </Button>
                </View>
              ))}
            </View>
          )}
        </QueryView>
      </Card>
    </Page>
  )
}
