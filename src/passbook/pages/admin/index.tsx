/**
 * Admin: point rules (points per unit, daily and monthly caps, on/off), the rewards catalogue with
 * stock counters, 补货 and a create/edit form (../../components/RewardForm), and 对账 (reconciliation) — dense lists, every change with a reason.
 */
import { Input, Switch, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Button, Card, ErrorState, Page, QueryView, ReasonPrompt, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { RewardForm } from '../../components/RewardForm'
import type { ReconcileResult, RuleView } from '../../contract'
import { draftOf, emptyRewardDraft, type RewardDraft } from '../../reward-form'
import { passbook } from '../../service'
import '../passbook.scss'

const RESTOCK_QUANTITY = 10

function RuleRow({ rule, onSaved }: { rule: RuleView; onSaved: () => void }) {
  const [draft, setDraft] = useState(rule)
  const save = useAction(passbook.saveRule)
  const [asking, setAsking] = useState(false)
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
      {asking ? (
        <ReasonPrompt
          prompt={`保存“${rule.label}”的新规则，立即对之后的积分生效。`}
          placeholder='如：街道会议决定提高上限'
          confirmText='保存规则'
          loading={save.loading}
          error={save.error ? describeError(save.error) : undefined}
          onCancel={() => {
            setAsking(false)
            save.reset()
          }}
          onConfirm={async (reason) => {
            const saved = await save.run({ kind: draft.kind as never, label: draft.label, pointsPerUnit: draft.pointsPerUnit, dailyCap: draft.dailyCap, monthlyCap: draft.monthlyCap, active: draft.active, reason })
            if (saved) {
              setAsking(false)
              onSaved()
            }
          }}
        />
      ) : (
        <Button small kind='secondary' onClick={() => setAsking(true)}>
          保存
        </Button>
      )}
    </View>
  )
}

export default function PassbookAdmin() {
  const rules = useQuery(passbook.rules, {})
  const rewards = useQuery(passbook.adminRewards, {})
  const addStock = useAction(passbook.addStock)
  const [rec, setRec] = useState<ReconcileResult | null>(null)
  const [editing, setEditing] = useState<RewardDraft | null>(null)
  const [restocking, setRestocking] = useState<string>()
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
        <QueryView query={rewards} skeletonRows={4}>
          {(items) => (
            <View className='pb-dense'>
              {items.map((r) => (
                <View key={r.id} className='pb-reward'>
                  <View className='nx-row'>
                    <Text className='nx-row__label'>
                      {r.name} · {r.cost} 分 {r.active ? '' : '（已下架）'}
                      {r.photoChecking ? '（图片安全检测中，通过后在目录显示）' : ''}
                    </Text>
                    <Tag tone={r.stock > 0 ? 'ok' : 'warn'}>
                      库存 {r.stock} / 待领 {r.pending} / 已领 {r.fulfilled} / 总 {r.stockInitial}
                    </Tag>
                    <Button
                      small
                      kind='plain'
                      disabled={restocking === r.id}
                      onClick={() => {
                        addStock.reset()
                        setRestocking(r.id)
                      }}
                    >
                      补货 {RESTOCK_QUANTITY}
                    </Button>
                    <Button small kind='plain' onClick={() => setEditing(draftOf(r))}>
                      编辑
                    </Button>
                  </View>
                  {restocking === r.id ? (
                    <ReasonPrompt
                      prompt={`给“${r.name}”补货 ${RESTOCK_QUANTITY} 件。`}
                      placeholder='如：工会新采购一批'
                      confirmText={`补货 ${RESTOCK_QUANTITY} 件`}
                      loading={addStock.loading}
                      error={addStock.error ? describeError(addStock.error) : undefined}
                      onCancel={() => {
                        setRestocking(undefined)
                        addStock.reset()
                      }}
                      onConfirm={async (reason) => {
                        if (await addStock.run({ rewardId: r.id, quantity: RESTOCK_QUANTITY, reason })) {
                          setRestocking(undefined)
                          void rewards.refetch()
                        }
                      }}
                    />
                  ) : null}
                </View>
              ))}
            </View>
          )}
        </QueryView>
      </Card>
    </Page>
  )
}
