/**
 * Admin's create/edit form for a reward: the whitelisted fields of `saveReward`, checked with the
 * contract's schema before sending (src/passbook/reward-form.ts) and again by the server, whose
 * refusals show under the same Chinese field names. Stock is only set when creating.
 */
import { Input, Switch, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { AppError } from '../../core/errors'
import { Button, Card } from '../../shell/components'
import { useAction } from '../../shell/hooks'
import type { AdminRewardView } from '../contract'
import { rewardPayload, withFieldLabel, type RewardDraft } from '../reward-form'
import { passbook } from '../service'

function Field({ label, value, onChange, type = 'text', placeholder }: { label: string; value: string; onChange: (v: string) => void; type?: 'text' | 'number'; placeholder?: string }) {
  return (
    <View className='nx-row'>
      <Text className='nx-row__label'>{label}</Text>
      <Input className='pb-input' type={type} value={value} placeholder={placeholder} aria-label={label} onInput={(e) => onChange(e.detail.value)} />
    </View>
  )
}

export function RewardForm({ initial, onSaved, onCancel }: { initial: RewardDraft; onSaved: (r: AdminRewardView) => void; onCancel: () => void }) {
  const [d, setD] = useState(initial)
  const [problem, setProblem] = useState<AppError | null>(null)
  const save = useAction(passbook.saveReward)
  const set = (k: keyof RewardDraft) => (v: string) => setD({ ...d, [k]: v })
  const shown = problem ?? (save.error ? withFieldLabel(save.error) : null)

  const submit = async () => {
    const checked = rewardPayload(d)
    if (!checked.ok) return setProblem(checked.error)
    setProblem(null)
    const saved = await save.run(checked.input)
    if (saved) onSaved(saved)
  }

  return (
    <Card title={d.id ? `编辑礼品：${initial.name}` : '新增礼品'}>
      <View className='pb-dense'>
        <Field label='名称' value={d.name} onChange={set('name')} />
        <View className='nx-row'>
          <Text className='nx-row__label'>说明</Text>
          <Textarea className='pb-input' value={d.description} aria-label='说明' maxlength={300} onInput={(e) => setD({ ...d, description: e.detail.value })} />
        </View>
        <Field label='图片' value={d.photo} onChange={set('photo')} placeholder='云存储文件 ID（可不填）' />
        <Field label='所需积分' type='number' value={d.cost} onChange={set('cost')} />
        {d.id ? null : <Field label='初始库存' type='number' value={d.stock} onChange={set('stock')} />}
        <Field label='每人每日限兑' type='number' value={d.limitPerDay} onChange={set('limitPerDay')} placeholder='0 = 不限' />
        <Field label='每人每月限兑' type='number' value={d.limitPerMonth} onChange={set('limitPerMonth')} placeholder='0 = 不限' />
        <Field label='每人累计限兑' type='number' value={d.limitTotal} onChange={set('limitTotal')} placeholder='0 = 不限' />
        <Field label='兑换开始日期' value={d.validFrom} onChange={set('validFrom')} placeholder='YYYY-MM-DD，可不填' />
        <Field label='兑换结束日期' value={d.validUntil} onChange={set('validUntil')} placeholder='YYYY-MM-DD，可不填' />
        <Field label='领取时限（小时）' type='number' value={d.pickupHours} onChange={set('pickupHours')} />
        <Field label='领取站点' value={d.stations} onChange={set('stations')} placeholder='站点编号，用逗号分隔' />
        <View className='nx-row'>
          <Text className='nx-row__label'>上架</Text>
          <Switch checked={d.active} onChange={(e) => setD({ ...d, active: e.detail.value })} />
        </View>
        {shown ? (
          <View role='alert'>
            <Text className='pb-form__error'>{shown.message}</Text>
          </View>
        ) : null}
        <View className='nx-row'>
          <Button kind='secondary' onClick={onCancel}>
            取消
          </Button>
          <Button loading={save.loading} onClick={() => void submit()}>
            保存礼品
          </Button>
        </View>
      </View>
    </Card>
  )
}
