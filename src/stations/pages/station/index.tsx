/**
 * Upkeep of one station by its manager (or an admin): live status with an optional lapse, "verified
 * today", the fields a manager may edit, photos, the printable check-in code (poster) and rotating its
 * secret, the problems riders reported, and the visit figures. The server checks scope on every action.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { AppError } from '../../../core/errors'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { setQueryData, useAction, useQuery } from '../../../shell/hooks'
import { formatDate, formatMoment } from '../../../shell/time'
import { openTone } from '../../components/StationCard'
import { stationProblemLabel, type StationCode, type StationDetail } from '../../contract'
import { stationsService } from '../../services'
import { savePosterToAlbum } from '../../poster-weapp'
import { uploadImage } from '../../services/upload'
import { allAmenities, amenityLabel, liveStatusLabel, LiveStatus, type Amenity } from '../../vocabulary'
import '../../components/stations.scss'

// The browser build downloads the poster through an HTML canvas; that code never reaches the mini-program.
const PosterH5 = process.env.TARO_ENV === 'h5' ? (require('../../poster-h5') as typeof import('../../poster-h5')) : null

const fieldLabels = { 'patch.phone': '电话', 'patch.description': '简介', 'patch.name': '名称', reason: '原因' }

function useSaved(stationId: string) {
  return (detail?: StationDetail) => {
    if (!detail) return
    setQueryData(stationsService.detail, { stationId, location: undefined }, detail)
    void Taro.showToast({ title: '已保存', icon: 'success' })
  }
}

function LiveStatusCard({ s, onSaved }: { s: StationDetail; onSaved: (d?: StationDetail) => void }) {
  const set = useAction(stationsService.setLiveStatus)
  const [duration, setDuration] = useState<number | undefined>(60)
  return (
    <Card title='实时状态'>
      <Tag tone={openTone[s.openState]}>{s.openText}</Tag>
      <View className='st-chips st-chips--wrap'>
        {[undefined, 60, 240].map((d) => (
          <Text key={String(d)} className={`st-chip ${duration === d ? 'st-chip--on' : ''}`} onClick={() => setDuration(d)}>
            {d === undefined ? '直到我改回' : `${d / 60} 小时后恢复`}
          </Text>
        ))}
      </View>
      <View className='st-footer'>
        {Object.values(LiveStatus).map((status) => (
          <Button key={status} kind={s.liveStatus === status ? 'primary' : 'secondary'} small loading={set.loading} onClick={async () => onSaved(await set.run({ stationId: s.stationId, status, durationMinutes: status === 'open' ? undefined : duration, note: undefined }))}>
            {liveStatusLabel[status]}
          </Button>
        ))}
      </View>
      {set.error ? <Text className='st-error'>{set.error.message}</Text> : null}
    </Card>
  )
}

function EditCard({ s, onSaved }: { s: StationDetail; onSaved: (d?: StationDetail) => void }) {
  const [phone, setPhone] = useState(s.phone)
  const [description, setDescription] = useState(s.description)
  const [amenities, setAmenities] = useState<Amenity[]>(s.amenities)
  const update = useAction(stationsService.update)
  const verify = useAction(stationsService.markVerified)
  useEffect(() => setAmenities(s.amenities), [s.amenities])
  const toggle = (a: Amenity) => setAmenities((l) => (l.includes(a) ? l.filter((x) => x !== a) : allAmenities.filter((x) => x === a || l.includes(x))))
  const save = async () =>
    onSaved(
      await update.run({
        stationId: s.stationId,
        patch: { phone: phone !== s.phone ? phone : undefined, description: description !== s.description ? description : undefined, amenities: amenities.join() !== s.amenities.join() ? amenities : undefined, name: undefined, hours: undefined, host: undefined, addressDetail: undefined },
      }),
    )
  return (
    <Card title='站点信息'>
      <Text className='nx-lead'>信息核实于 {formatDate(s.lastVerifiedAt)}</Text>
      <Button kind='secondary' small loading={verify.loading} onClick={async () => onSaved(await verify.run({ stationId: s.stationId, note: undefined }))}>
        今天已到现场核实
      </Button>
      <View className='st-field'>
        <Text className='st-field__label'>对外电话</Text>
        <Input className='st-input' value={phone} maxlength={20} onInput={(e) => setPhone(e.detail.value)} />
      </View>
      <View className='st-field'>
        <Text className='st-field__label'>简介</Text>
        <Textarea className='st-textarea' value={description} maxlength={500} onInput={(e) => setDescription(e.detail.value)} />
      </View>
      <Text className='st-field__label'>服务设施</Text>
      <View className='st-chips st-chips--wrap'>
        {allAmenities.map((a) => (
          <Text key={a} className={`st-chip ${amenities.includes(a) ? 'st-chip--on' : ''}`} onClick={() => toggle(a)}>
            {amenityLabel[a]}
          </Text>
        ))}
      </View>
      {update.error ? <Text className='st-error'>{describeError(update.error, fieldLabels)}</Text> : null}
      {verify.error ? <Text className='st-error'>{verify.error.message}</Text> : null}
      <Button block loading={update.loading} onClick={save}>
        保存修改
      </Button>
    </Card>
  )
}

function PhotosCard({ s, onSaved }: { s: StationDetail; onSaved: (d?: StationDetail) => void }) {
  const add = useAction(stationsService.addPhoto)
  const remove = useAction(stationsService.removePhoto)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const pick = async () => {
    setError(undefined)
    try {
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      setBusy(true)
      const fileId = await uploadImage(chosen.tempFilePaths[0], `stations/${s.stationId}/${Date.now()}.jpg`)
      onSaved(await add.run({ stationId: s.stationId, fileId }))
    } catch (e) {
      if (e instanceof AppError) setError(e.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title={`照片（${s.photos.length}/9）`}>
      <View className='st-photos'>
        {s.photos.map((fileId, i) => (
          <View key={fileId}>
            <Image className='st-photo' src={s.photoUrls[i]} mode='aspectFill' />
            {s.checkingPhotos?.includes(fileId) ? <Text className='st-photo__note'>安全检测中，通过后骑手可见</Text> : null}
            <Text className='st-link' onClick={async () => onSaved(await remove.run({ stationId: s.stationId, fileId }))}>
              删除
            </Text>
          </View>
        ))}
      </View>
      {error || add.error || remove.error ? <Text className='st-error'>{error ?? add.error?.message ?? remove.error?.message}</Text> : null}
      <Button kind='secondary' small loading={busy || add.loading} disabled={s.photos.length >= 9} onClick={pick}>
        上传照片
      </Button>
    </Card>
  )
}

function PosterCard({ s }: { s: StationDetail }) {
  const gen = useAction(stationsService.generateCode)
  const rotate = useAction(stationsService.rotateSecret)
  const [reason, setReason] = useState('')
  const [saving, setSaving] = useState(false)
  // The printable A4 poster (name, address, hours, code, one line of instructions), drawn on the device.
  const save = async (code: StationCode) => {
    const input = { name: s.name, address: s.address, hours: s.weeklyHours, keyVersion: code.keyVersion }
    setSaving(true)
    try {
      if (PosterH5) {
        await PosterH5.downloadPosterH5(input, code.posterUrl)
        void Taro.showToast({ title: '海报已下载', icon: 'none' })
      } else {
        await savePosterToAlbum(input, code.posterUrl)
        void Taro.showToast({ title: '已保存到相册', icon: 'success' })
      }
    } catch {
      void Taro.showToast({ title: PosterH5 ? '海报生成失败，请重试' : '保存失败，请允许保存到相册后重试', icon: 'none' })
    } finally {
      setSaving(false)
    }
  }
  const doRotate = async () => {
    const ok = await Taro.showModal({ title: '更换二维码', content: '更换后，已经张贴的旧二维码全部失效，需要重新打印张贴。确定更换吗？' })
    if (!ok.confirm) return
    const done = await rotate.run({ stationId: s.stationId, reason: reason.trim() })
    if (done) {
      gen.reset()
      void Taro.showToast({ title: '已更换，请重新生成海报', icon: 'none' })
    }
  }
  return (
    <Card title='报到二维码海报'>
      {gen.data ? (
        <View className='st-poster'>
          <Text className='st-poster__title'>{s.name}</Text>
          <Image className='st-poster__img' src={gen.data.posterUrl} mode='aspectFit' />
          <Text className='nx-lead'>骑手朋友：微信扫一扫，到站报到（第 {gen.data.keyVersion} 版码）</Text>
          <Button block loading={saving} onClick={() => void save(gen.data!)} className='st-poster-save'>
            {PosterH5 ? '下载 A4 海报去打印' : '保存 A4 海报到相册'}
          </Button>
        </View>
      ) : (
        <Button block loading={gen.loading} onClick={() => void gen.run({ stationId: s.stationId, width: undefined })}>
          生成报到二维码
        </Button>
      )}
      {gen.error ? <Text className='st-error'>{gen.error.message}</Text> : null}
      <View className='st-field'>
        <Text className='st-field__label'>二维码被拍照外传？填写原因后更换（旧码立即失效）</Text>
        <Input className='st-input' value={reason} maxlength={200} placeholder='例如：海报照片被转发到群里' onInput={(e) => setReason(e.detail.value)} />
      </View>
      {rotate.error ? <Text className='st-error'>{describeError(rotate.error, fieldLabels)}</Text> : null}
      <Button kind='secondary' small disabled={reason.trim().length < 2} loading={rotate.loading} onClick={doRotate}>
        更换二维码
      </Button>
    </Card>
  )
}

function ProblemsCard({ stationId }: { stationId: string }) {
  const problems = useQuery(stationsService.problems, { stationId, page: { limit: 20, offset: 0 } })
  return (
    <Card title='骑手反馈的问题'>
      <QueryView query={problems} skeletonRows={1}>
        {(data) =>
          data.items.length === 0 ? (
            <Text className='nx-lead'>暂无反馈</Text>
          ) : (
            <View>
              {data.items.map((p) => (
                <View key={p.problemId} className='nx-row'>
                  <Text className='nx-row__label'>{stationProblemLabel[p.kind]}</Text>
                  <Text className='nx-row__value'>
                    {p.note ? `${p.note} · ` : ''}
                    {formatMoment(p.at)}
                  </Text>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </Card>
  )
}

export default function StationManagePage() {
  const { params } = useRouter()
  const stationId = decodeURIComponent(params.id ?? '')
  const query = useQuery(stationsService.detail, { stationId, location: undefined }, { enabled: Boolean(stationId) })
  const saved = useSaved(stationId)
  const onSaved = (d?: StationDetail) => {
    saved(d)
    if (d) void query.refetch()
  }
  return (
    <Page>
      <QueryView query={query} skeletonRows={6}>
        {(s) => (
          <View>
            <Text className='nx-title'>{s.name}</Text>
            <Text className='nx-lead'>
              编码 {s.code} · 报到范围 {s.checkinRadiusM} 米 · 本月到访 {s.visitsThisMonth}
            </Text>
            <Text className='st-link' onClick={() => void Taro.navigateTo({ url: `/checkins/pages/figures/index?stationId=${encodeURIComponent(s.stationId)}` })}>
              查看到访统计
            </Text>
            <LiveStatusCard s={s} onSaved={onSaved} />
            <PosterCard s={s} />
            <EditCard s={s} onSaved={onSaved} />
            <PhotosCard s={s} onSaved={onSaved} />
            <ProblemsCard stationId={s.stationId} />
          </View>
        )}
      </QueryView>
    </Page>
  )
}
