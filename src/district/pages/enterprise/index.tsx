/**
 * One 一企一档 record: `?id=` shows it with its confirmed Party members and the full dated history (who
 * changed what, when), and lets the street's staff edit it or mark it verified; `?street=` (or nothing,
 * for a single-street officer) creates a new one. An edit sends the version it was made on, so a record
 * someone else changed meanwhile is refused instead of overwritten.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Button, Card, Page, QueryView, ReasonPrompt } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import type { EnterpriseDetail, EnterpriseView } from '../../contract'
import type { FieldChange } from '../../model'
import { district } from '../../service'
import { allEnterpriseKinds, allOrgStatuses, enterpriseFieldLabel, enterpriseKindLabel, historyActionLabel, linkStatusLabel, orgStatusLabel, STALE_AFTER_DAYS, type EnterpriseKind, type OrgStatus } from '../../vocabulary'
import '../../components/district.scss'

const labels: Record<string, string> = { ...enterpriseFieldLabel, 'patch.name': enterpriseFieldLabel.name, 'patch.address': enterpriseFieldLabel.address, 'patch.instructor': enterpriseFieldLabel.instructor, 'patch.workers': enterpriseFieldLabel.workers }

interface Form {
  name: string
  kind: EnterpriseKind
  brand: string
  address: string
  contactName: string
  contactPhone: string
  workers: string
  workersReportedOn: string
  unionMembers: string
  orgStatus: OrgStatus
  instructor: string
}

const blank: Form = { name: '', kind: 'franchise_site', brand: '', address: '', contactName: '', contactPhone: '', workers: '', workersReportedOn: '', unionMembers: '', orgStatus: 'none', instructor: '' }

function formOf(e: EnterpriseView): Form {
  return { name: e.name, kind: e.kind, brand: e.brand, address: e.address, contactName: e.contactName, contactPhone: e.contactPhone, workers: String(e.workers), workersReportedOn: e.workersReportedOn, unionMembers: String(e.unionMembers), orgStatus: e.orgStatus, instructor: e.instructor }
}

/** A typed number, or NaN so the server's validator names the field (never a silent 0). */
const num = (text: string) => (text.trim() === '' ? NaN : Number(text.trim()))

function Field({ label, value, onInput, placeholder, type }: { label: string; value: string; onInput: (v: string) => void; placeholder?: string; type?: 'number' | 'text' }) {
  return (
    <View className='dt-field'>
      <Text className='dt-field__label'>{label}</Text>
      <Input className='dt-input' type={type ?? 'text'} value={value} placeholder={placeholder} aria-label={label} onInput={(e) => onInput(e.detail.value)} />
    </View>
  )
}

function EditForm({ form, set }: { form: Form; set: (patch: Partial<Form>) => void }) {
  const text = (k: keyof Form) => (v: string) => set({ [k]: v } as Partial<Form>)
  return (
    <View>
      <Card title='基本信息'>
        <Field label={enterpriseFieldLabel.name} value={form.name} onInput={text('name')} placeholder='如：美团外卖娄葑配送站' />
        <Text className='dt-field__label'>{enterpriseFieldLabel.kind}</Text>
        <View className='dt-chips dt-chips--wrap'>
          {allEnterpriseKinds.map((k) => (
            <Text key={k} className={`dt-chip ${form.kind === k ? 'dt-chip--on' : ''}`} onClick={() => set({ kind: k })}>
              {enterpriseKindLabel[k]}
            </Text>
          ))}
        </View>
        <Field label={`${enterpriseFieldLabel.brand}（可不填）`} value={form.brand} onInput={text('brand')} placeholder='饿了么、美团、顺丰…' />
        <Field label={enterpriseFieldLabel.address} value={form.address} onInput={text('address')} />
        <Field label={`${enterpriseFieldLabel.contactName}（可不填）`} value={form.contactName} onInput={text('contactName')} />
        <Field label={`${enterpriseFieldLabel.contactPhone}（可不填）`} value={form.contactPhone} onInput={text('contactPhone')} />
      </Card>
      <Card title='人员'>
        <Field label={enterpriseFieldLabel.workers} type='number' value={form.workers} onInput={text('workers')} />
        <Field label={`${enterpriseFieldLabel.workersReportedOn}（YYYY-MM-DD，不填为今天）`} value={form.workersReportedOn} onInput={text('workersReportedOn')} />
        <Field label={enterpriseFieldLabel.unionMembers} type='number' value={form.unionMembers} onInput={text('unionMembers')} />
      </Card>
      <Card title='党组织覆盖'>
        <View className='dt-chips dt-chips--wrap'>
          {allOrgStatuses.map((s) => (
            <Text key={s} className={`dt-chip ${form.orgStatus === s ? 'dt-chip--on' : ''}`} onClick={() => set({ orgStatus: s })}>
              {orgStatusLabel[s]}
            </Text>
          ))}
        </View>
        <Field label={enterpriseFieldLabel.instructor} value={form.instructor} onInput={text('instructor')} placeholder='派驻或联系的党建指导员姓名' />
      </Card>
    </View>
  )
}

function shown(change: FieldChange, value: FieldChange['before']): string {
  if (value === null || value === '') return '（空）'
  if (change.field === 'orgStatus') return orgStatusLabel[value as OrgStatus] ?? String(value)
  if (change.field === 'kind') return enterpriseKindLabel[value as EnterpriseKind] ?? String(value)
  if (change.field === 'verifiedAt') return formatMoment(String(value))
  if (Array.isArray(value)) return value.join('、') || '（空）'
  return String(value)
}

function Detail({ detail, onSaved }: { detail: EnterpriseDetail; onSaved: () => void }) {
  const e = detail.enterprise
  const [form, setForm] = useState<Form>(() => formOf(e))
  useEffect(() => setForm(formOf(e)), [e])
  const update = useAction(district.updateEnterprise)
  const verify = useAction(district.verifyEnterprise)
  const end = useAction(district.endLink)
  const [ending, setEnding] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const endMember = async (userId: string, reason: string) => {
    if (await end.run({ userId, reason })) {
      setEnding(undefined)
      onSaved()
    }
  }
  const save = async () => {
    setSaved(undefined)
    const before = formOf(e)
    const patch: Record<string, unknown> = {}
    for (const k of ['name', 'kind', 'brand', 'address', 'contactName', 'contactPhone', 'workersReportedOn', 'orgStatus', 'instructor'] as const) if (form[k] !== before[k]) patch[k] = form[k]
    if (form.workers !== before.workers) patch.workers = num(form.workers)
    if (form.unionMembers !== before.unionMembers) patch.unionMembers = num(form.unionMembers)
    const done = await update.run({ enterpriseId: e.enterpriseId, version: e.version, patch })
    if (done) {
      setSaved('已保存，修改记录已留存')
      onSaved()
    }
  }
  const markVerified = async () => {
    setSaved(undefined)
    if (await verify.run({ enterpriseId: e.enterpriseId, version: e.version })) {
      setSaved('已核实')
      onSaved()
    }
  }
  const error = update.error ?? verify.error
  return (
    <View>
      <Text className='nx-title'>{e.name}</Text>
      <Text className='dt-item__meta'>{`${e.district} · ${e.streetName} · 第 ${e.version} 版 · 最近核实 ${formatMoment(e.verifiedAt)}`}</Text>
      {e.stale ? <Text className='dt-flag'>{`超过 ${STALE_AFTER_DAYS} 天未核实，请核对后保存或点"核实无误"`}</Text> : null}
      {detail.canEdit ? (
        <View>
          <EditForm form={form} set={(p) => setForm((f) => ({ ...f, ...p }))} />
          <View className='dt-actions'>
            <Button loading={update.loading} onClick={save}>
              保存修改
            </Button>
            <Button kind='secondary' loading={verify.loading} onClick={markVerified}>
              核实无误
            </Button>
          </View>
          {error ? <Text className='dt-error'>{describeError(error, labels)}</Text> : null}
          {saved ? <Text className='dt-ok'>{saved}</Text> : null}
        </View>
      ) : (
        <Card title='档案'>
          {[
            [enterpriseFieldLabel.kind, enterpriseKindLabel[e.kind]],
            [enterpriseFieldLabel.brand, e.brand],
            [enterpriseFieldLabel.address, e.address],
            [enterpriseFieldLabel.contactName, `${e.contactName} ${e.contactPhone}`],
            [enterpriseFieldLabel.workers, `${e.workers}（${e.workersReportedOn} 填报）`],
            [enterpriseFieldLabel.unionMembers, String(e.unionMembers)],
            [enterpriseFieldLabel.orgStatus, orgStatusLabel[e.orgStatus]],
            [enterpriseFieldLabel.instructor, e.instructor],
          ].map(([k, v]) => (
            <View key={k} className='nx-row'>
              <Text className='nx-row__label'>{k}</Text>
              <Text className='nx-row__value'>{v || '—'}</Text>
            </View>
          ))}
        </Card>
      )}
      <Card title={`党员（已确认 ${e.partyMembersConfirmed} 名）`}>
        {detail.members.length ? (
          detail.members.map((m) => (
            <View key={m.userId}>
              <View className='nx-row'>
                <Text className='nx-row__label'>{`${m.nickname}（${m.organisation || '未填党组织'}）`}</Text>
                <Text className='nx-row__value'>{linkStatusLabel[m.status]}</Text>
              </View>
              {detail.canEdit && m.status === 'confirmed' ? (
                ending === m.userId ? (
                  <ReasonPrompt prompt='解除后该党员不再计入本企业，记录会保留。' danger confirmText='确认解除' loading={end.loading} error={end.error ? describeError(end.error) : undefined} onCancel={() => setEnding(undefined)} onConfirm={(r) => endMember(m.userId, r)} />
                ) : (
                  <Button small kind='plain' onClick={() => setEnding(m.userId)}>
                    已离开本企业，解除
                  </Button>
                )
              ) : null}
            </View>
          ))
        ) : (
          <Text className='dt-item__meta'>还没有党员登记在这家企业。党员可在"我的 → 党员认证"通过后登记所在企业。</Text>
        )}
      </Card>
      <Card title='修改记录'>
        {detail.history.map((h) => (
          <View key={h.version} className='dt-item'>
            <Text className='dt-item__name'>{`第 ${h.version} 版 · ${historyActionLabel[h.action]}`}</Text>
            <Text className='dt-item__meta'>{`${h.actorName} · ${formatMoment(h.at)}${h.note ? ` · ${h.note}` : ''}`}</Text>
            {h.changes
              .filter((c) => h.action === 'verify' || c.field !== 'verifiedAt')
              .map((c) => (
                <Text key={c.field} className='dt-change'>{`${enterpriseFieldLabel[c.field]}：${shown(c, c.before)} → ${shown(c, c.after)}`}</Text>
              ))}
          </View>
        ))}
      </Card>
    </View>
  )
}

function Create({ street }: { street?: string }) {
  const scope = useQuery(district.myScope, {})
  const create = useAction(district.createEnterprise)
  const [form, setForm] = useState<Form>(blank)
  const editable = (scope.data?.streets ?? []).filter((s) => !street || s.street === street)
  const [chosen, setChosen] = useState<string | undefined>(street)
  const target = chosen ?? (editable.length === 1 ? editable[0].street : undefined)
  const submit = async () => {
    const done = await create.run({
      street: target ?? '',
      name: form.name,
      kind: form.kind,
      brand: form.brand || undefined,
      address: form.address,
      contactName: form.contactName || undefined,
      contactPhone: form.contactPhone || undefined,
      workers: num(form.workers),
      workersReportedOn: form.workersReportedOn || undefined,
      unionMembers: form.unionMembers ? num(form.unionMembers) : undefined,
      orgStatus: form.orgStatus,
      instructor: form.instructor || undefined,
    })
    if (done) void Taro.redirectTo({ url: `/district/pages/enterprise/index?id=${encodeURIComponent(done.enterpriseId)}` })
  }
  return (
    <View>
      <Text className='nx-title'>新建企业档案</Text>
      {editable.length > 1 ? (
        <View className='dt-chips'>
          {editable.map((s) => (
            <Text key={s.street} className={`dt-chip ${target === s.street ? 'dt-chip--on' : ''}`} onClick={() => setChosen(s.street)}>
              {s.streetName}
            </Text>
          ))}
        </View>
      ) : null}
      <EditForm form={form} set={(p) => setForm((f) => ({ ...f, ...p }))} />
      <Button block loading={create.loading} disabled={!target} onClick={submit}>
        建档
      </Button>
      {create.error ? <Text className='dt-error'>{describeError(create.error, { ...labels, street: '街道' })}</Text> : null}
    </View>
  )
}

export default function EnterprisePage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : ''
  const street = params.street ? decodeURIComponent(params.street) : undefined
  const detail = useQuery(district.enterprise, { enterpriseId: id }, { enabled: Boolean(id) })
  return <Page>{id ? <QueryView query={detail}>{(d) => <Detail detail={d} onSaved={() => void detail.refetch()} />}</QueryView> : <Create street={street} />}</Page>
}
