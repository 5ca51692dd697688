/**
 * One report: status, receipt number (受理编号) and the promised handling time (or when it was resolved), photos, history (every event, never a person's name), and the buttons the caller
 * may use now (`can`, re-checked by the server): triage (accept, reject with a reason, dispatch to a
 * department, transfer, note), department (start, resolve with an after-photo, send back), reporter
 * (confirm with 1–5 stars, reopen within 7 days with a photo).
 */
import { Image, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { AppError } from '../../../core/errors'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useQuery } from '../../../shell/hooks'
import { openMap } from '../../../shell/navigate'
import { useShare } from '../../../shell/use-share'
import { formatMoment } from '../../../shell/time'
import type { ReportDetail } from '../../contract'
import { missingFor, noteLabel, type CommandForm } from '../../command-forms'
import { ReportsMap } from '../../components/ReportsMap'
import { photoCloudPath } from '../../drafts'
import { pinMoveText } from '../../place'
import { promiseText, receiptText } from '../../progress'
import { takePhotos, uploadPhoto } from '../../photos'
import { reports } from '../../service'
import { reportShareCard } from '../../share'
import { allRejectionReasons, allSendBackReasons, rejectionLabel, sendBackLabel, stateLabel, type RejectionReason, type ReportCommand, type SendBackReason } from '../../vocabulary'
import '../reports.scss'

type Panel = CommandForm | null

function Chips<T extends string>({ options, label, value, onChange, suggested }: { options: readonly T[]; label: (v: T) => string; value?: T; onChange: (v: T) => void; suggested?: (v: T) => boolean }) {
  return (
    <View className='rp-chips'>
      {options.map((o) => (
        <Text key={o} className={`rp-chip ${value === o ? 'rp-chip--on' : ''} ${suggested?.(o) ? 'rp-chip--suggested' : ''}`} onClick={() => onChange(o)}>
          {label(o)}
          {suggested?.(o) ? '（建议）' : ''}
        </Text>
      ))}
    </View>
  )
}

export default function ReportDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const query = useQuery(reports.detail, { reportId: id }, { enabled: !!id })
  useShare(query.data ? reportShareCard(query.data) : undefined)
  const [panel, setPanel] = useState<Panel>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const [note, setNote] = useState('')
  const [reason, setReason] = useState<string>()
  const [choice, setChoice] = useState<string>()
  const [rating, setRating] = useState(0)
  const [photos, setPhotos] = useState<string[]>([])
  const [options, setOptions] = useState<Array<{ id: string; name: string; suggested?: boolean }>>([])

  const run = async (fn: () => Promise<ReportDetail>) => {
    setBusy(true)
    setError(undefined)
    try {
      await fn()
      setPanel(null)
      setNote('')
      setPhotos([])
      await query.refetch()
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('INTERNAL'))
    } finally {
      setBusy(false)
    }
  }

  const open = async (p: Panel) => {
    setPanel(p)
    setError(undefined)
    setReason(undefined)
    setChoice(undefined)
    // Nothing is preselected: the category's usual department is marked 建议, and the dispatcher chooses.
    if (p === 'dispatch') setOptions(await reports.departments({ reportId: id }).catch(() => []))
    if (p === 'transfer') setOptions(await reports.grids({ reportId: id }).catch(() => []))
    // The form opens under the command buttons, often below the fold: bring it into view.
    if (p) void Taro.pageScrollTo({ selector: '.rp-panel', duration: 200 }).catch(() => undefined)
  }

  const missing = panel ? missingFor(panel, { choice: panel === 'reject' || panel === 'send_back' ? reason : choice, note, photos: photos.length, rating }) : []

  const upload = async (prefix: string) => Promise.all(photos.map((p, i) => uploadPhoto(p, photoCloudPath(`${prefix}-${id}-${Date.now().toString(36)}`, i))))

  const button = (cmd: ReportCommand, text: string, onClick: () => void, kind: 'primary' | 'secondary' = 'secondary') => (
    <Button key={cmd} kind={kind} block loading={busy} onClick={onClick} className={`rp-do-${cmd}`}>
      {text}
    </Button>
  )

  return (
    <Page>
      <QueryView query={query} skeletonRows={5}>
        {(r) => (
          <View>
            <Card>
              <Text className='nx-title'>{r.categoryName}</Text>
              <View>
                <Tag tone={r.state === 'confirmed' || r.state === 'closed' ? 'ok' : r.overdue ? 'warn' : 'brand'}>{stateLabel[r.state]}</Tag>
                {r.overdue ? <Tag tone='warn'>已超期</Tag> : null}
                {r.mine ? <Tag>我上报的</Tag> : null}
              </View>
              <View className='rp-receipt'>
                <Text className='rp-receipt__no'>{receiptText(r.receiptNo)}</Text>
                {promiseText(r.promise) ? <Text className={`rp-receipt__promise${r.promise?.overdue ? ' rp-receipt__promise--late' : ''}`}>{promiseText(r.promise)}</Text> : null}
              </View>
              <Text className='nx-lead'>{r.address}</Text>
              {r.place ? <ReportsMap items={[{ ...r, at: r.location }]} centre={r.location} label='问题位置' onOpen={() => void openMap({ ...r.location, name: r.categoryName, address: r.place ?? r.address })} /> : null}
              {r.place ? (
                <View className='rp-place'>
                  <Text className='rp-place__text'>{r.place}</Text>
                  <Button kind='secondary' small onClick={() => void openMap({ ...r.location, name: r.categoryName, address: r.place ?? r.address })}>
                    导航到现场
                  </Button>
                </View>
              ) : null}
              {r.pinMove ? <Text className='rp-item__meta rp-pin-moved'>{pinMoveText(r.pinMove)}</Text> : null}
              {r.description ? <Text className='nx-lead'>{r.description}</Text> : null}
              {r.gridName || r.streetName ? <Text className='rp-item__meta'>{[r.streetName, r.gridName, r.departmentName].filter(Boolean).join(' · ')}</Text> : null}
              {r.pointsCredited !== undefined ? (
                <View className='rp-points'>
                  <Text className='rp-big'>+{r.pointsCredited}</Text>
                  <Text className='nx-lead'> 积分已存入你的存折</Text>
                </View>
              ) : null}
              {r.rating ? <Text className='nx-lead'>评价：{'★'.repeat(r.rating)}</Text> : null}
            </Card>

            {r.photos.length || r.hiddenPhotos ? (
              <Card title='照片'>
                <View className='rp-photos'>
                  {r.photos.map((p) => (
                    <View key={p.url}>
                      <Image src={p.url} className='rp-photo' mode='aspectFill' />
                      {p.pending ? <Tag tone='warn'>审核中</Tag> : p.kind === 'after' ? <Tag tone='ok'>处理后</Tag> : null}
                    </View>
                  ))}
                </View>
                {r.hiddenPhotos ? <Text className='nx-lead'>你拍的 {r.hiddenPhotos} 张照片未通过内容审核，已隐藏，其他人看不到</Text> : null}
              </Card>
            ) : null}

            {r.can.length ? (
              <Card title='办理'>
                <View className='rp-actions'>
                  {r.can.includes('accept') ? button('accept', '立案受理', () => void run(() => reports.accept({ reportId: id })), 'primary') : null}
                  {r.can.includes('dispatch') ? button('dispatch', '派单给部门', () => void open('dispatch'), 'primary') : null}
                  {r.can.includes('reject') ? button('reject', '不予受理', () => void open('reject')) : null}
                  {r.can.includes('transfer') ? button('transfer', '转交其他网格', () => void open('transfer')) : null}
                  {r.can.includes('review_photos') ? button('review_photos', '照片审核通过', () => void run(() => reports.reviewPhotos({ reportId: id, decisions: r.photos.filter((p) => p.pending && p.index !== undefined).map((p) => ({ index: p.index as number, ok: true })) }))) : null}
                  {r.can.includes('start') ? button('start', '开始处理', () => void run(() => reports.start({ reportId: id })), 'primary') : null}
                  {r.can.includes('resolve') ? button('resolve', '处理完成（拍处理后照片）', () => void open('resolve'), 'primary') : null}
                  {r.can.includes('send_back') ? button('send_back', '退回派单员', () => void open('send_back')) : null}
                  {r.can.includes('confirm') ? button('confirm', '已解决，去评价', () => void open('confirm'), 'primary') : null}
                  {r.can.includes('reopen') ? button('reopen', '没解决，重新处理', () => void open('reopen')) : null}
                  {r.can.includes('note') ? button('note', '添加内部备注', () => void open('note')) : null}
                </View>
              </Card>
            ) : null}

            {panel ? (
              <View className='rp-panel'>
              <Card title={{ reject: '不予受理的原因 *', dispatch: '派给哪个部门 *', transfer: '转交给哪个网格 *', note: '内部备注', resolve: '处理结果', send_back: '退回原因 *', confirm: '给处理结果打分 *', reopen: '问题还在？拍一张现场照片 *' }[panel]}>
                {panel === 'reject' ? <Chips options={allRejectionReasons} label={(v) => rejectionLabel[v]} value={reason as RejectionReason} onChange={setReason} /> : null}
                {panel === 'send_back' ? <Chips options={allSendBackReasons} label={(v) => sendBackLabel[v]} value={reason as SendBackReason} onChange={setReason} /> : null}
                {panel === 'dispatch' || panel === 'transfer' ? (
                  <Chips options={options.map((o) => o.id)} label={(v) => options.find((o) => o.id === v)?.name ?? v} value={choice} onChange={setChoice} suggested={(v) => options.find((o) => o.id === v)?.suggested === true} />
                ) : null}
                {panel === 'confirm' ? (
                  <View className='rp-stars'>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <Text key={n} className={`rp-star rp-star-${n} ${n <= rating ? 'rp-star--on' : ''}`} onClick={() => setRating(n)}>
                        ★
                      </Text>
                    ))}
                  </View>
                ) : null}
                {panel === 'resolve' || panel === 'reopen' ? (
                  <View>
                    <View className='rp-photos'>
                      {photos.map((p) => (
                        <Image key={p} src={p} className='rp-photo' mode='aspectFill' />
                      ))}
                    </View>
                    <Button kind='secondary' onClick={() => void takePhotos(3).then((t) => setPhotos((p) => [...p, ...t]))} className='rp-shoot'>
                      拍照 *（至少 1 张）
                    </Button>
                  </View>
                ) : null}
                <Text className='rp-field-label'>{noteLabel(panel)}</Text>
                <Input className='rp-input rp-note' value={note} maxlength={300} placeholder={panel === 'resolve' ? '处理情况，如：车辆已挪走' : '补充说明'} onInput={(e) => setNote(e.detail.value)} />
                {missing.length ? (
                  <Text className='rp-missing'>
                    还差：{missing.join('；')}
                  </Text>
                ) : null}
                <Button
                  block
                  loading={busy}
                  disabled={missing.length > 0}
                  className='rp-confirm-panel'
                  onClick={() => {
                    const n = note.trim() || undefined
                    if (panel === 'reject') void run(() => reports.reject({ reportId: id, reason: (reason ?? '') as RejectionReason, note: n }))
                    if (panel === 'send_back') void run(() => reports.sendBack({ reportId: id, reason: (reason ?? '') as SendBackReason, note: n }))
                    if (panel === 'dispatch') void run(() => reports.dispatch({ reportId: id, departmentId: choice, note: n }))
                    if (panel === 'transfer') void run(() => reports.transfer({ reportId: id, gridId: choice ?? '', note: n }))
                    if (panel === 'note') void run(() => reports.addNote({ reportId: id, note: n ?? '' }))
                    if (panel === 'confirm') void run(() => reports.confirm({ reportId: id, rating, note: n }))
                    if (panel === 'resolve') void run(async () => reports.resolve({ reportId: id, photos: await upload('after'), note: note.trim() }))
                    if (panel === 'reopen') void run(async () => reports.reopen({ reportId: id, photos: await upload('reopen'), note: n }))
                  }}
                >
                  确定
                </Button>
              </Card>
              </View>
            ) : null}
            {error ? (
              <View className='rp-error' role='alert'>
                <Text>{describeError(error, { reason: '原因', note: '说明', photos: '照片', rating: '评分', departmentId: '部门', gridId: '网格' })}</Text>
              </View>
            ) : null}

            <Card title='办理记录'>
              {[...r.events].reverse().map((e) => (
                <View key={e.seq} className='rp-event'>
                  <Text className='rp-event__title'>{e.label}</Text>
                  <Text className='rp-event__meta'>
                    {formatMoment(e.at)} · {e.actor}
                    {e.reason ? ` · ${e.reason}` : ''}
                  </Text>
                  {e.note ? <Text className='rp-event__meta'>{e.note}</Text> : null}
                </View>
              ))}
            </Card>
            {r.mine ? (
              <Button kind='plain' block onClick={() => void Taro.switchTab({ url: '/pages/passbook/index' })}>
                查看我的积分
              </Button>
            ) : null}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
