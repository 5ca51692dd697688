/**
 * One wish, as the viewer may see it, with the buttons the machine allows them: staff screen it; a party
 * member claims it (a captain claims for their team with a quota of parts; teammates join; an
 * enterprise's contact claims in the name of one of their enterprises); the claimer
 * marks contacted, delivers with a photo receipt or gives it back; the beneficiary confirms, says it did
 * not arrive, thanks (publicly if they choose), sets phone consent or withdraws. Beneficiary and claimer
 * talk through relayed in-app messages, never by exchanging numbers.
 */
import { Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useQuery } from '../../../shell/hooks'
import { formatDate, formatMoment } from '../../../shell/time'
import { useShare } from '../../../shell/use-share'
import { uploadImage } from '../../../stations/services/upload'
import { WishCardView } from '../../components/WishCardView'
import { wishes } from '../../service'
import { wishShareCard } from '../../share'
import type { WishDetail } from '../../views'
import { allDeclineReasons, declineReasonLabel, type DeclineReason } from '../../vocabulary'
import '../../components/wishes.scss'

function useAct(onDone: (d: WishDetail) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (call: () => Promise<WishDetail | { sent: number }>, toast: string) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const res = await call()
      void Taro.showToast({ title: toast, icon: 'success' })
      if ('id' in res) onDone(res)
    } catch (e) {
      setError(describeError(e as never, { note: '说明', text: '内容', photo: '照片', reason: '原因', teamId: '服务队', parts: '名额', enterpriseId: '企业' }))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}

function Staff({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const [reason, setReason] = useState<DeclineReason | undefined>()
  const [note, setNote] = useState('')
  return (
    <Card title='审核'>
      <View className='wi-chips'>
        {allDeclineReasons.map((r) => (
          <Text key={r} className={`wi-chip ${reason === r ? 'wi-chip--on' : ''}`} onClick={() => setReason(reason === r ? undefined : r)}>
            {declineReasonLabel[r]}
          </Text>
        ))}
      </View>
      <Input className='wi-input' value={note} maxlength={300} placeholder='补充说明（可选，许愿人能看到）' onInput={(e) => setNote(e.detail.value)} />
      <View className='wi-actions'>
        <Button kind='secondary' loading={act.busy} disabled={!reason} onClick={() => void act.run(() => wishes.screen({ wishId: w.id, ok: false, reason, note: note || undefined }), '已退回')}>
          不通过
        </Button>
        <Button loading={act.busy} onClick={() => void act.run(() => wishes.screen({ wishId: w.id, ok: true, note: note || undefined }), '已上墙')}>
          通过并上墙
        </Button>
      </View>
    </Card>
  )
}

/** A company claim: the contact picks one of their registered enterprises (chips only when there are several). */
function CompanyClaim({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const enterprises = useQuery(wishes.myEnterprises, {})
  const [picked, setPicked] = useState<string | undefined>()
  const list = enterprises.data ?? []
  if (!list.length) return enterprises.data ? <Text className='wi-meta'>您联络的企业还不在街道企业名录中，暂不能以企业名义认领</Text> : null
  const chosen = list.find((e) => e.id === picked) ?? list[0]
  return (
    <View>
      <Text className='wi-label'>认领企业：{chosen.name}</Text>
      {list.length > 1 ? (
        <View className='wi-chips'>
          {list.map((e) => (
            <Text key={e.id} className={`wi-chip ${e.id === chosen.id ? 'wi-chip--on' : ''}`} onClick={() => setPicked(e.id)}>
              {e.name}
            </Text>
          ))}
        </View>
      ) : null}
      <Button kind={w.claimKinds.includes('member') ? 'secondary' : 'primary'} loading={act.busy} onClick={() => void act.run(() => wishes.claim({ wishId: w.id, kind: 'company', enterpriseId: chosen.id }), '企业认领成功')}>
        以企业名义认领
      </Button>
    </View>
  )
}

function Claim({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const teams = useQuery(wishes.myTeams, {}, { enabled: w.claimKinds.includes('team') })
  const [parts, setParts] = useState('3')
  return (
    <Card title='点亮这个心愿'>
      <Text className='nx-lead'>认领后请在 7 天内通过站内留言联系许愿人并标记「已联系」，否则心愿会退回心愿墙。</Text>
      {w.claimKinds.includes('member') ? (
        <View className='wi-actions'>
          <Button loading={act.busy} onClick={() => void act.run(() => wishes.claim({ wishId: w.id, kind: 'member' }), '认领成功')}>
            我来认领
          </Button>
        </View>
      ) : null}
      {w.claimKinds.includes('company') ? <CompanyClaim w={w} act={act} /> : null}
      {(teams.data ?? []).map((t) => (
        <View key={t.id}>
          <Text className='wi-label'>以「{t.name}」团队认领，名额</Text>
          <Input className='wi-input' type='number' value={parts} maxlength={2} onInput={(e) => setParts(e.detail.value)} />
          <Button kind='secondary' loading={act.busy} onClick={() => void act.run(() => wishes.claim({ wishId: w.id, kind: 'team', teamId: t.id, parts: Number(parts) || 1 }), '团队认领成功')}>
            团队认领
          </Button>
        </View>
      ))}
    </Card>
  )
}

function Messages({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const [text, setText] = useState('')
  return (
    <Card title='站内留言'>
      <Text className='nx-lead'>{w.viewer.mine ? '留言会转给认领人，不会显示你的电话。' : '留言会转给许愿人；不要索要电话，许愿人同意后电话会显示在这里。'}</Text>
      {w.phone ? <Text className='wi-meta'>许愿人同意告知的电话：{w.phone}</Text> : null}
      <Input className='wi-input' value={text} maxlength={200} placeholder='写一句话' onInput={(e) => setText(e.detail.value)} />
      <Button
        kind='secondary'
        loading={act.busy}
        disabled={!text.trim()}
        onClick={() =>
          void act.run(async () => {
            const r = await wishes.message({ wishId: w.id, text })
            setText('')
            return r
          }, '已发送')
        }
      >
        发送留言
      </Button>
    </Card>
  )
}

function Beneficiary({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const [note, setNote] = useState('')
  const [thanks, setThanks] = useState('')
  const [publicThanks, setPublic] = useState(true)
  const c = w.commands
  return (
    <View>
      {c.includes('confirm') ? (
        <Card title='收到了吗？'>
          <View className='wi-actions'>
            <Button loading={act.busy} onClick={() => void act.run(() => wishes.confirm({ wishId: w.id }), '已确认收到')}>
              确认收到
            </Button>
          </View>
          <Input className='wi-input' value={note} maxlength={300} placeholder='没收到？说明一下情况' onInput={(e) => setNote(e.detail.value)} />
          <Button kind='secondary' loading={act.busy} disabled={note.trim().length < 2} onClick={() => void act.run(() => wishes.notArrived({ wishId: w.id, note }), '已反馈')}>
            反馈未收到
          </Button>
        </Card>
      ) : null}
      {c.includes('thank') ? (
        <Card title='写几句感谢'>
          <Textarea className='wi-textarea' value={thanks} maxlength={200} placeholder='认领人会收到你的感谢' onInput={(e) => setThanks(e.detail.value)} />
          <View className='nx-row'>
            <Text className='nx-row__label'>公开为圆梦故事（不显示你的名字）</Text>
            <Switch checked={publicThanks} onChange={(e) => setPublic(e.detail.value)} />
          </View>
          <Button loading={act.busy} disabled={thanks.trim().length < 2} onClick={() => void act.run(() => wishes.thank({ wishId: w.id, text: thanks, public: publicThanks }), '谢谢你')}>
            发送感谢
          </Button>
        </Card>
      ) : null}
      {c.includes('set_phone_consent') ? (
        <View className='nx-row'>
          <Text className='nx-row__label'>同意认领人看到我的电话</Text>
          <Switch checked={!!w.phoneConsent} onChange={(e) => void act.run(() => wishes.setPhoneConsent({ wishId: w.id, consent: e.detail.value }), '已更新')} />
        </View>
      ) : null}
      {c.includes('withdraw') ? (
        <Button kind='plain' loading={act.busy} onClick={() => void act.run(() => wishes.withdraw({ wishId: w.id }), '已撤回')}>
          撤回心愿
        </Button>
      ) : null}
    </View>
  )
}

function Claimer({ w, act }: { w: WishDetail; act: ReturnType<typeof useAct> }) {
  const [photoKey] = useState(() => newIdempotencyKey())
  const c = w.commands
  const deliver = async () => {
    const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] }).catch(() => null)
    const local = res?.tempFilePaths[0]
    if (!local) return
    await act.run(async () => wishes.deliver({ wishId: w.id, photo: await uploadImage(local, `wishes/receipts/${photoKey}.jpg`) }), '已标记送达')
  }
  return (
    <Card title='认领人'>
      {w.contactBy && w.state === 'claimed' ? <Text className='nx-lead'>请在 {formatDate(w.contactBy)} 前联系许愿人并标记「已联系」。</Text> : null}
      <View className='wi-actions'>
        {c.includes('mark_contacted') ? (
          <Button loading={act.busy} onClick={() => void act.run(() => wishes.markContacted({ wishId: w.id }), '已标记联系')}>
            已联系许愿人
          </Button>
        ) : null}
        {c.includes('deliver') ? (
          <Button loading={act.busy} onClick={() => void deliver()}>
            拍照标记送达
          </Button>
        ) : null}
        {c.includes('release') ? (
          <Button kind='plain' loading={act.busy} onClick={() => void act.run(() => wishes.release({ wishId: w.id }), '已放弃认领')}>
            放弃认领
          </Button>
        ) : null}
      </View>
    </Card>
  )
}

export default function WishDetailPage() {
  const { params } = useRouter()
  const wishId = String(params.id ?? '')
  const query = useQuery(wishes.detail, { wishId }, { enabled: !!wishId })
  const [fresh, setFresh] = useState<WishDetail | null>(null)
  const act = useAct(setFresh)
  // Only a wish on the wall (or fulfilled) is shared: the card carries nothing about who wished it.
  useShare(query.data && ['published', 'fulfilled'].includes(query.data.state) ? wishShareCard(query.data) : undefined)
  return (
    <Page>
      <QueryView query={query}>
        {(loaded) => {
          const w = fresh && fresh.id === loaded.id ? fresh : loaded
          const talking = ['claimed', 'contacted', 'delivered'].includes(w.state) && (w.viewer.mine || w.viewer.participant)
          return (
            <View>
              <WishCardView w={w} />
              {w.photoUrl ? <Image className='wi-photo' src={w.photoUrl} mode='aspectFill' /> : null}
              {w.photoChecking ? <Text className='wi-meta'>照片正在进行安全检测，通过后显示</Text> : null}
              {w.screening && !w.screening.ok ? <Text className='wi-error'>未通过审核：{w.screening.reason ? declineReasonLabel[w.screening.reason as DeclineReason] : ''} {w.screening.note ?? ''}</Text> : null}
              {w.delivery ? (
                <Card title='送达回执'>
                  {w.delivery.photoUrl ? <Image className='wi-photo' src={w.delivery.photoUrl} mode='aspectFill' /> : null}
                  {w.delivery.photoChecking ? <Text className='wi-meta'>回执照片正在进行安全检测，通过后显示</Text> : null}
                  <Text className='wi-meta'>送达于 {formatMoment(w.delivery.at)}</Text>
                </Card>
              ) : null}
              {act.error ? <Text className='wi-error'>{act.error}</Text> : null}
              {w.commands.includes('screen_ok') ? <Staff w={w} act={act} /> : null}
              {w.commands.includes('claim') ? <Claim w={w} act={act} /> : null}
              {w.commands.includes('join') ? (
                <Button loading={act.busy} onClick={() => void act.run(() => wishes.join({ wishId: w.id }), '已加入')}>
                  加入团队认领（{w.claim?.taken}/{w.claim?.parts}）
                </Button>
              ) : null}
              {w.viewer.claimer ? <Claimer w={w} act={act} /> : null}
              {w.viewer.mine ? <Beneficiary w={w} act={act} /> : null}
              {talking ? <Messages w={w} act={act} /> : null}
              <Card title='进展'>
                {w.history.map((h, i) => (
                  <View key={i} className='nx-row'>
                    <Text className='nx-row__label'>{h.label}</Text>
                    <Text className='nx-row__value'>{formatMoment(h.at)}</Text>
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
