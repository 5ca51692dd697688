/**
 * One suggestion: its public answer and history, "+1" (once per person), and for the street's staff the
 * answer panel — owner department, a reply started from a template, evaluating / adopted (with a
 * promised date) / not adopted (with a reason) / solved — and internal notes that stay internal.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import { SuggestionCardView } from '../../components/SuggestionCardView'
import { suggestions } from '../../service'
import type { SuggestionDetail } from '../../views'
import { allNotAdoptedReasons, answerTemplates, notAdoptedReasonLabel, type NotAdoptedReason } from '../../vocabulary'
import '../../../wishes/components/wishes.scss'

function Answer({ s, onDone }: { s: SuggestionDetail; onDone: (d: SuggestionDetail) => void }) {
  const depts = useQuery(suggestions.departments, { suggestionId: s.id })
  const [reply, setReply] = useState('')
  const [date, setDate] = useState('')
  const [reason, setReason] = useState<NotAdoptedReason | undefined>()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (call: () => Promise<SuggestionDetail>) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      onDone(await call())
      setReply('')
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      setError(describeError(e as never, { reply: '公开答复', promisedDate: '承诺日期', departmentId: '责任部门', reason: '原因', note: '备注' }))
    } finally {
      setBusy(false)
    }
  }
  const open = s.state === 'received' || s.state === 'evaluating'
  return (
    <Card title='答复（街道工作人员）'>
      {s.state !== 'solved' && s.state !== 'not_adopted' ? (
        <View>
          <Text className='wi-label'>责任部门</Text>
          <View className='wi-chips'>
            {(depts.data ?? []).map((d) => (
              <Text key={d.id} className={`wi-chip ${s.departmentName === d.name ? 'wi-chip--on' : ''}`} onClick={() => void run(() => suggestions.assign({ suggestionId: s.id, departmentId: d.id }))}>
                {d.name}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      <Text className='wi-label'>常用答复</Text>
      <View className='wi-chips'>
        {answerTemplates.map((t) => (
          <Text key={t.id} className='wi-chip' onClick={() => setReply(t.text)}>
            {t.title}
          </Text>
        ))}
      </View>
      <Textarea className='wi-textarea' value={reply} maxlength={500} placeholder='公开答复（所有人可见）' onInput={(e) => setReply(e.detail.value)} />
      {open ? (
        <View>
          <Text className='wi-label'>承诺完成日期（采纳时填写，如 2026-12-31）</Text>
          <Input className='wi-input' value={date} maxlength={10} placeholder='YYYY-MM-DD' onInput={(e) => setDate(e.detail.value)} />
          <Text className='wi-label'>暂不采纳的原因</Text>
          <View className='wi-chips'>
            {allNotAdoptedReasons.map((r) => (
              <Text key={r} className={`wi-chip ${reason === r ? 'wi-chip--on' : ''}`} onClick={() => setReason(reason === r ? undefined : r)}>
                {notAdoptedReasonLabel[r]}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      {error ? <Text className='wi-error'>{error}</Text> : null}
      <View className='wi-actions'>
        {s.state === 'received' ? (
          <Button kind='secondary' loading={busy} onClick={() => void run(() => suggestions.evaluate({ suggestionId: s.id, reply: reply.trim() || undefined }))}>
            转入研究
          </Button>
        ) : null}
        {open ? (
          <Button loading={busy} onClick={() => void run(() => suggestions.adopt({ suggestionId: s.id, reply, promisedDate: date }))}>
            采纳
          </Button>
        ) : null}
        {open ? (
          <Button kind='secondary' loading={busy} disabled={!reason} onClick={() => void run(() => suggestions.decline({ suggestionId: s.id, reason: reason!, reply }))}>
            暂不采纳
          </Button>
        ) : null}
        {s.state === 'adopted' ? (
          <Button loading={busy} onClick={() => void run(() => suggestions.solve({ suggestionId: s.id, reply }))}>
            标记已解决
          </Button>
        ) : null}
      </View>
      <Text className='wi-label'>内部备注（不公开）</Text>
      {(s.internalNotes ?? []).map((n, i) => (
        <Text key={i} className='wi-meta'>
          {formatMoment(n.at)} {n.text}
        </Text>
      ))}
      <Input className='wi-input' value={note} maxlength={300} placeholder='只有工作人员能看到' onInput={(e) => setNote(e.detail.value)} />
      <Button
        kind='plain'
        small
        loading={busy}
        disabled={!note.trim()}
        onClick={() =>
          void run(async () => {
            const d = await suggestions.addNote({ suggestionId: s.id, note })
            setNote('')
            return d
          })
        }
      >
        添加备注
      </Button>
    </Card>
  )
}

export default function SuggestionDetailPage() {
  const { params } = useRouter()
  const suggestionId = String(params.id ?? '')
  const query = useQuery(suggestions.detail, { suggestionId }, { enabled: !!suggestionId })
  const [fresh, setFresh] = useState<SuggestionDetail | null>(null)
  const [supportError, setSupportError] = useState<string | null>(null)
  return (
    <Page>
      <QueryView query={query}>
        {(loaded) => {
          const s = fresh && fresh.id === loaded.id ? fresh : loaded
          const support = async () => {
            try {
              const r = await suggestions.support({ suggestionId: s.id })
              setFresh({ ...s, supportCount: r.supportCount, supported: true })
            } catch (e) {
              setSupportError(describeError(e as never))
            }
          }
          return (
            <View>
              <SuggestionCardView s={s} />
              {s.photoUrl ? <Image className='wi-photo' src={s.photoUrl} mode='aspectFill' /> : null}
              {s.photoChecking ? <Text className='wi-meta'>照片正在进行安全检测，通过后显示</Text> : null}
              {!s.mine ? (
                <Button kind={s.supported ? 'secondary' : 'primary'} disabled={s.supported} onClick={() => void support()}>
                  {s.supported ? `已 +1（${s.supportCount}）` : `+1 支持（${s.supportCount}）`}
                </Button>
              ) : null}
              {supportError ? <Text className='wi-error'>{supportError}</Text> : null}
              {s.staff ? <Answer s={s} onDone={setFresh} /> : null}
              <Card title='办理进展'>
                {s.history.map((h, i) => (
                  <View key={i}>
                    <View className='nx-row'>
                      <Text className='nx-row__label'>{h.label}</Text>
                      <Text className='nx-row__value'>{formatMoment(h.at)}</Text>
                    </View>
                    {h.reply ? <Text className='wi-meta'>{h.reply}</Text> : null}
                  </View>
                ))}
              </Card>
            </View>
          )
        }}
      </QueryView>
    </Page>
  )
}
