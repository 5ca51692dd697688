/**
 * 类别 · 部门 · 网格 (admin): the reference data reports are routed and timed by. Three lists, each
 * paged, with 新增, 编辑 and 停用/启用: a category's hint, SLA hours, default department kind and order
 * (the closed list fixes which categories exist and their names, so 新增 offers those not yet set up); a department's name,
 * kind and district; a grid's name and street (a new grid is drawn as a rectangle from four coordinates;
 * an existing grid's boundary is not edited here). Nothing is deleted: 停用 is a secondary button that asks
 * for its reason inline (ReasonPrompt), and every save carries a reason into the audit log.
 */
import { Input, Switch, Text, View } from '@tarojs/components'
import { useMemo, useState, type ReactNode } from 'react'
import type { AppError } from '../../../core/errors'
import { Button, Card, Empty, LoadMore, Page, QueryView, ReasonPrompt, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useLoadMore, useQuery } from '../../../shell/hooks'
import type { ServiceMethod } from '../../../shell/service'
import {
  categoryDraftOf,
  categoryMissing,
  categoryPayload,
  departmentDraftOf,
  departmentMissing,
  departmentPayload,
  gridDraftOf,
  gridMissing,
  gridPayload,
  type CategoryDraft,
  type DepartmentDraft,
  type GridDraft,
} from '../../admin-forms'
import type { AdminPage, StreetOption } from '../../contract'
import { reports } from '../../service'
import { departmentKindLabel } from '../../admin-vocabulary'
import { allDepartmentKinds, categoryIcon, categoryLabel, SLA_HOURS_MAX, SLA_HOURS_MIN, type DepartmentKind, type ReportCategory } from '../../vocabulary'
import './index.scss'

const PAGE = 20

const Tab = { categories: 'categories', departments: 'departments', grids: 'grids' } as const
type Tab = (typeof Tab)[keyof typeof Tab]
const tabLabel: Record<Tab, string> = { categories: '问题类别', departments: '处理部门', grids: '网格' }

const fieldLabels: Record<string, string> = {
  name: '名称',
  hint: '说明',
  slaHours: '处理时限',
  departmentKind: '默认处理部门',
  kind: '部门类型',
  district: '所属区县',
  street: '所属街道',
  order: '排序',
  reason: '理由',
  bounds: '范围',
  'bounds.east': '东边经度',
  'bounds.north': '北边纬度',
  'bounds.west': '西边经度',
  'bounds.south': '南边纬度',
}

const kindText = (kind: string) => departmentKindLabel[kind as DepartmentKind] ?? kind

/** A paged admin list: the first page from useQuery, later pages by offset. */
function usePaged<T>(data: AdminPage<T> | undefined, fetchAt: (offset: number) => Promise<AdminPage<T>>) {
  const first = useMemo(() => (data ? { items: data.items, hasMore: data.offset + data.items.length < data.total } : undefined), [data])
  return useLoadMore(first, async (shown) => {
    const next = await fetchAt(shown.length)
    return { items: next.items, hasMore: next.offset + next.items.length < next.total }
  })
}

function Field({ label, required, note, children }: { label: string; required?: boolean; note?: string; children: ReactNode }) {
  return (
    <View className='ra-field'>
      <Text className='ra-label'>
        {label}
        {required ? <Text className='ra-required'> *</Text> : null}
        {note ? <Text className='ra-note'>{`（${note}）`}</Text> : null}
      </Text>
      {children}
    </View>
  )
}

function Chips<V extends string>({ options, value, onPick, disabled }: { options: ReadonlyArray<readonly [V, string]>; value?: V; onPick: (v: V) => void; disabled?: boolean }) {
  return (
    <View className='ra-chips'>
      {options.map(([v, label]) => (
        <Text key={v} className={`ra-chip${value === v ? ' ra-chip--on' : ''}${disabled && value !== v ? ' ra-chip--off' : ''}`} aria-pressed={value === v} onClick={() => !disabled && onPick(v)}>
          {label}
        </Text>
      ))}
    </View>
  )
}

function TextField({ label, value, onInput, maxlength = 30, placeholder, type = 'text' }: { label: string; value: string; onInput: (v: string) => void; maxlength?: number; placeholder?: string; type?: 'text' | 'digit' | 'number' }) {
  return <Input className='ra-input' type={type} value={value} maxlength={maxlength} placeholder={placeholder} aria-label={label} onInput={(e) => onInput(e.detail.value)} />
}

/** The foot every form shares: what is still missing, the server's refusal, 保存 (main) and 取消. */
function FormFoot({ missing, error, loading, onSave, onCancel }: { missing: string[]; error?: AppError; loading: boolean; onSave: () => void; onCancel: () => void }) {
  return (
    <View>
      {missing.length ? <Text className='ra-missing'>{`还需填写：${missing.join('、')}`}</Text> : null}
      {error ? <Text className='ra-error'>{`没有保存：${describeError(error, fieldLabels)}`}</Text> : null}
      <View className='ra-actions'>
        <Button kind='secondary' onClick={onCancel}>
          取消
        </Button>
        <Button loading={loading} disabled={missing.length > 0} onClick={onSave}>
          保存
        </Button>
      </View>
    </View>
  )
}

function ActiveField({ active, onChange }: { active: boolean; onChange: (v: boolean) => void }) {
  return (
    <View className='nx-row'>
      <Text className='nx-row__label'>启用</Text>
      <Switch checked={active} aria-label='启用' onChange={(e) => onChange(e.detail.value)} />
    </View>
  )
}

function ReasonField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <Field label='修改理由' required note='记入操作记录，至少 2 个字'>
      <TextField label='修改理由' value={value} maxlength={200} placeholder='如：街道会议决定' onInput={onInput} />
    </Field>
  )
}

/**
 * One row's 编辑 and 停用/启用. 停用 is a secondary button in the danger colour and asks for its reason
 * inline; 启用 asks too (both are audited changes).
 */
function RowActions({ name, active, effect, onEdit, onToggle }: { name: string; active: boolean; effect: string; onEdit: () => void; onToggle: (reason: string) => Promise<AppError | undefined> }) {
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  return (
    <View>
      {asking ? (
        <ReasonPrompt
          danger={active}
          prompt={active ? `停用“${name}”：${effect}` : `重新启用“${name}”。`}
          label={active ? '停用理由' : '启用理由'}
          placeholder={active ? '如：机构调整、并入其他类别' : '如：恢复受理'}
          confirmText={active ? '确认停用' : '确认启用'}
          cancelText='不改了'
          loading={busy}
          error={error ? describeError(error, fieldLabels) : undefined}
          onCancel={() => {
            setAsking(false)
            setError(undefined)
          }}
          onConfirm={async (reason) => {
            setBusy(true)
            const failed = await onToggle(reason)
            setBusy(false)
            setError(failed)
            if (!failed) setAsking(false)
          }}
        />
      ) : (
        <View className='ra-row__actions'>
          <Button small kind='secondary' onClick={onEdit}>
            编辑
          </Button>
          <Button small kind='secondary' className={active ? 'ra-danger' : undefined} onClick={() => setAsking(true)}>
            {active ? '停用' : '启用'}
          </Button>
        </View>
      )}
    </View>
  )
}

interface ReferenceRow {
  id: string
  name: string
  active: boolean
}

/**
 * One reference list (categories, departments or grids): optional filter chips, the add/edit form in place
 * of the 新增 button, rows with 编辑 and 停用/启用 (RowActions), paging. The form's save and a toggle both
 * refetch the list and say what changed.
 */
function ReferenceList<F extends object, V extends ReferenceRow, P extends AdminPage<V>, D extends object>(props: {
  method: ServiceMethod<F & { page: { limit: number; offset?: number } }, P>
  filter: F
  /** What a row is, for the count, the empty state and the 新增 button: 类别, 部门, 网格. */
  noun: string
  /** What 停用 changes, shown before the reason is asked for. */
  effect: string
  emptyText: string
  chips?: ReactNode
  toggle: (row: V, reason: string) => Promise<unknown>
  draftOf: (row: V) => D
  /** A new item's draft, or undefined when nothing can be added (then `noBlank` shows instead of the button). */
  blank: (data: P) => NoInfer<D> | undefined
  noBlank?: ReactNode
  form: (draft: NoInfer<D>, data: P, close: (done?: string) => void) => ReactNode
  title: (row: V) => string
  lines: (row: V) => Array<string | undefined>
}) {
  const { method, filter, noun } = props
  const payload = useMemo(() => ({ ...filter, page: { limit: PAGE } }), [filter])
  const query = useQuery(method, payload)
  const list = usePaged(query.data, (offset) => method({ ...filter, page: { limit: PAGE, offset } }))
  const [editing, setEditing] = useState<D>()
  const [done, setDone] = useState('')
  const toggle = async (row: V, reason: string): Promise<AppError | undefined> => {
    try {
      await props.toggle(row, reason)
      setDone(row.active ? `已停用“${row.name}”` : `已启用“${row.name}”`)
      void query.refetch()
      return undefined
    } catch (e) {
      return e as AppError
    }
  }
  const close = (message?: string) => {
    setEditing(undefined)
    if (message) {
      setDone(message)
      void query.refetch()
    }
  }
  const blank = query.data ? props.blank(query.data) : undefined
  return (
    <View>
      {props.chips}
      {done ? <Text className='ra-ok'>{done}</Text> : null}
      {editing && query.data ? (
        props.form(editing, query.data, close)
      ) : blank ? (
        <Button block kind='secondary' onClick={() => setEditing(blank)}>
          {`新增${noun}`}
        </Button>
      ) : query.data ? (
        props.noBlank
      ) : null}
      <QueryView query={query} skeletonRows={4}>
        {(page) =>
          list.items.length === 0 ? (
            <Empty title={`这里还没有${noun}`} text={props.emptyText} />
          ) : (
            <View>
              <Text className='ra-count'>{`共 ${page.total} 个${noun}`}</Text>
              {list.items.map((row) => (
                <View key={row.id} className='ra-row'>
                  <View className='ra-row__head'>
                    <Text className='ra-row__name'>{props.title(row)}</Text>
                    {row.active ? null : <Tag tone='warn'>已停用</Tag>}
                  </View>
                  {props.lines(row).map((line) => (line ? <Text key={line} className='ra-row__sub'>{line}</Text> : null))}
                  <RowActions name={row.name} active={row.active} effect={props.effect} onEdit={() => setEditing(props.draftOf(row))} onToggle={(reason) => toggle(row, reason)} />
                </View>
              ))}
              <LoadMore list={list} />
            </View>
          )
        }
      </QueryView>
    </View>
  )
}

// ── categories ────────────────────────────────────────────────────────────────────────────────

function CategoryForm({ initial, missingIds, onDone, onCancel }: { initial: CategoryDraft; missingIds: readonly ReportCategory[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const [d, setD] = useState(initial)
  const save = useAction(reports.saveCategory)
  const editing = !!initial.id
  const set = (patch: Partial<CategoryDraft>) => setD((x) => ({ ...x, ...patch }))
  return (
    <Card title={editing && initial.id ? `编辑类别：${categoryLabel[initial.id]}` : '新增类别'} className='ra-form'>
      {editing ? (
        <Text className='nx-lead'>类别名称由系统统一规定（上报记录、通知和积分明细都用这个名称），这里不能修改。</Text>
      ) : (
        <Field label='类别' required note='类别种类和名称由系统固定，这里列出还没有设置的'>
          <Chips options={missingIds.map((id) => [id, `${categoryIcon[id]} ${categoryLabel[id]}`] as const)} value={d.id} onPick={(id) => set({ id })} />
        </Field>
      )}
      <Field label='说明' note='选填，不超过 40 个字'>
        <TextField label='类别说明' value={d.hint} maxlength={40} placeholder='如：垃圾满溢、乱堆乱放' onInput={(hint) => set({ hint })} />
      </Field>
      <Field label='处理时限（小时）' required note={`${SLA_HOURS_MIN}–${SLA_HOURS_MAX} 的整数，之后的新上报按此计算到期时间`}>
        <TextField label='处理时限（小时）' type='number' value={d.slaHours} maxlength={3} onInput={(slaHours) => set({ slaHours })} />
      </Field>
      <Field label='默认处理部门' required>
        <Chips options={allDepartmentKinds.map((k) => [k, departmentKindLabel[k]] as const)} value={d.departmentKind} onPick={(departmentKind) => set({ departmentKind })} />
      </Field>
      <Field label='排序' note='选填，数字小的排在前面'>
        <TextField label='排序' type='number' value={d.order} maxlength={2} onInput={(order) => set({ order })} />
      </Field>
      <ActiveField active={d.active} onChange={(active) => set({ active })} />
      <ReasonField value={d.reason} onInput={(reason) => set({ reason })} />
      <FormFoot
        missing={categoryMissing(d)}
        error={save.error}
        loading={save.loading}
        onCancel={onCancel}
        onSave={async () => {
          const saved = await save.run(categoryPayload(d))
          if (saved) onDone(`已保存类别“${saved.name}”`)
        }}
      />
    </Card>
  )
}

function Categories() {
  return (
    <ReferenceList
      method={reports.adminCategories}
      filter={{}}
      noun='类别'
      effect='骑手上报时不再能选这个类别，已有的上报照常处理。'
      emptyText='点“新增类别”设置第一个'
      toggle={(c, reason) => reports.saveCategory({ ...categoryPayload(categoryDraftOf(c)), active: !c.active, reason })}
      draftOf={categoryDraftOf}
      blank={(data) => (data.missing.length ? { hint: '', slaHours: '24', order: '', active: true, reason: '' } : undefined)}
      noBlank={<Text className='nx-lead'>全部类别都已设置；类别的种类由系统固定，可以编辑或停用。</Text>}
      form={(draft, data, close) => <CategoryForm key={draft.id ?? 'new'} initial={draft} missingIds={data.missing} onCancel={() => close()} onDone={close} />}
      title={(c) => `${c.icon} ${c.name}`}
      lines={(c) => [`处理时限 ${c.slaHours} 小时 · 默认 ${kindText(c.departmentKind)} · 排序 ${c.order}`, c.hint]}
    />
  )
}

// ── departments ───────────────────────────────────────────────────────────────────────────────

function districtsOf(streets: readonly StreetOption[]): string[] {
  return [...new Set(streets.map((s) => s.district))]
}

function DepartmentForm({ initial, districts, onDone, onCancel }: { initial: DepartmentDraft; districts: string[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const [d, setD] = useState(initial)
  const save = useAction(reports.saveDepartment)
  const editing = !!initial.id
  const set = (patch: Partial<DepartmentDraft>) => setD((x) => ({ ...x, ...patch }))
  return (
    <Card title={editing ? `编辑部门：${initial.name}` : '新增部门'} className='ra-form'>
      <Field label='名称' required note='同一区县内不能重名'>
        <TextField label='部门名称' value={d.name} onInput={(name) => set({ name })} placeholder='如：园区城市管理局娄葑片区' />
      </Field>
      <Field label='部门类型' required note='问题类别按类型找默认部门'>
        <Chips options={allDepartmentKinds.map((k) => [k, departmentKindLabel[k]] as const)} value={d.kind} onPick={(kind) => set({ kind })} />
      </Field>
      <Field label='所属区县' required note={editing ? '已有部门不能改区县' : undefined}>
        <Chips options={districts.map((x) => [x, x] as const)} value={d.district} disabled={editing} onPick={(district) => set({ district })} />
      </Field>
      <ActiveField active={d.active} onChange={(active) => set({ active })} />
      <ReasonField value={d.reason} onInput={(reason) => set({ reason })} />
      <FormFoot
        missing={departmentMissing(d)}
        error={save.error}
        loading={save.loading}
        onCancel={onCancel}
        onSave={async () => {
          const saved = await save.run(departmentPayload(d))
          if (saved) onDone(`已保存部门“${saved.name}”`)
        }}
      />
    </Card>
  )
}

function Departments({ streets }: { streets: StreetOption[] }) {
  const districts = useMemo(() => districtsOf(streets), [streets])
  const [district, setDistrict] = useState<string>()
  const filter = useMemo(() => (district ? { district } : {}), [district])
  return (
    <ReferenceList
      method={reports.adminDepartments}
      filter={filter}
      noun='部门'
      effect='派单时不再能选这个部门，类别也不再默认派给它；已派给它的问题照常处理。'
      emptyText='点“新增部门”添加'
      chips={<Chips options={[['', '全部区县'] as const, ...districts.map((x) => [x, x] as const)]} value={district ?? ''} onPick={(v) => setDistrict(v || undefined)} />}
      toggle={(x, reason) => reports.saveDepartment({ ...departmentPayload(departmentDraftOf(x)), active: !x.active, reason })}
      draftOf={departmentDraftOf}
      blank={() => ({ name: '', district, active: true, reason: '' })}
      form={(draft, _data, close) => <DepartmentForm key={draft.id ?? 'new'} initial={draft} districts={districts} onCancel={() => close()} onDone={close} />}
      title={(x) => x.name}
      // The id is what 角色授权 asks for as a department handler's scope.
      lines={(x) => [`${kindText(x.kind)} · ${x.district}`, `编号 ${x.id}`]}
    />
  )
}

// ── grids ─────────────────────────────────────────────────────────────────────────────────────

function GridForm({ initial, streets, onDone, onCancel }: { initial: GridDraft; streets: StreetOption[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const [d, setD] = useState(initial)
  const save = useAction(reports.saveGrid)
  const editing = !!initial.id
  const set = (patch: Partial<GridDraft>) => setD((x) => ({ ...x, ...patch }))
  // An existing grid may move only to another street of its district (its boundary stays where it is).
  const choices = editing ? streets.filter((s) => s.district === initial.district) : streets
  return (
    <Card title={editing ? `编辑网格：${initial.name}` : '新增网格'} className='ra-form'>
      <Field label='名称' required note='同一街道内不能重名'>
        <TextField label='网格名称' value={d.name} onInput={(name) => set({ name })} placeholder='如：娄葑街道第5网格' />
      </Field>
      <Field label='所属街道' required>
        <Chips options={choices.map((s) => [s.id, `${s.district} ${s.name}`] as const)} value={d.street} onPick={(street) => set({ street })} />
      </Field>
      {editing ? (
        <Text className='nx-lead'>网格边界不能在这里修改；需要调整边界时，请联系技术人员导入新的边界。</Text>
      ) : (
        <Field label='范围（四至经纬度）' required note='矩形，每边 50 米到 10 公里，GCJ-02 坐标'>
          <View className='ra-bounds'>
            <TextField label='西边经度' type='digit' value={d.west} maxlength={12} placeholder='西边经度' onInput={(west) => set({ west })} />
            <TextField label='东边经度' type='digit' value={d.east} maxlength={12} placeholder='东边经度' onInput={(east) => set({ east })} />
            <TextField label='南边纬度' type='digit' value={d.south} maxlength={12} placeholder='南边纬度' onInput={(south) => set({ south })} />
            <TextField label='北边纬度' type='digit' value={d.north} maxlength={12} placeholder='北边纬度' onInput={(north) => set({ north })} />
          </View>
        </Field>
      )}
      <ActiveField active={d.active} onChange={(active) => set({ active })} />
      <ReasonField value={d.reason} onInput={(reason) => set({ reason })} />
      <FormFoot
        missing={gridMissing(d)}
        error={save.error}
        loading={save.loading}
        onCancel={onCancel}
        onSave={async () => {
          const saved = await save.run(gridPayload(d))
          if (saved) onDone(`已保存网格“${saved.name}”`)
        }}
      />
    </Card>
  )
}

function Grids({ streets }: { streets: StreetOption[] }) {
  const [street, setStreet] = useState<string>()
  const filter = useMemo(() => (street ? { street } : {}), [street])
  return (
    <ReferenceList
      method={reports.adminGrids}
      filter={filter}
      noun='网格'
      effect='新上报的问题不再分到这个网格（改由街道派单），已有的问题照常处理。'
      emptyText='点“新增网格”添加'
      chips={<Chips options={[['', '全部街道'] as const, ...streets.map((x) => [x.id, x.name] as const)]} value={street ?? ''} onPick={(v) => setStreet(v || undefined)} />}
      toggle={(g, reason) => reports.saveGrid({ ...gridPayload(gridDraftOf(g)), active: !g.active, reason })}
      draftOf={gridDraftOf}
      blank={() => ({ name: '', street, west: '', south: '', east: '', north: '', active: true, reason: '' })}
      form={(draft, _data, close) => <GridForm key={draft.id ?? 'new'} initial={draft} streets={streets} onCancel={() => close()} onDone={close} />}
      title={(g) => g.name}
      lines={(g) => [`${g.district} · ${g.streetName} · 编号 ${g.id}`]}
    />
  )
}

export default function ReferenceAdmin() {
  const [tab, setTab] = useState<Tab>(Tab.categories)
  const streets = useQuery(reports.adminStreets, {}, { enabled: tab !== Tab.categories })
  return (
    <Page>
      <Text className='nx-title'>类别 · 部门 · 网格</Text>
      <Chips options={Object.values(Tab).map((t) => [t, tabLabel[t]] as const)} value={tab} onPick={setTab} />
      {tab === Tab.categories ? (
        <Categories />
      ) : (
        <QueryView query={streets} skeletonRows={2}>
          {(list) => (tab === Tab.departments ? <Departments streets={list} /> : <Grids streets={list} />)}
        </QueryView>
      )}
    </Page>
  )
}
