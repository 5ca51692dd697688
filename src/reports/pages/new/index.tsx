/**
 * 随手拍 — new report: category (icons), 1–9 camera photos, the position as a pin the reporter may move
 * off the device fix (within the server's bound, explained before sending), an address that follows the
 * pin (the nearest known place, until the reporter types their own), an optional description. Before
 * sending, open reports of the same category within ~50 m of the pin are shown ("same problem? add your
 * photo to it"). In the mini-program, the submit tap first asks to allow
 * the progress messages (never blocking the send). Sending goes through the draft queue: the draft (and its
 * idempotency key) is kept first, so a failed send stays as a draft and is sent once when the network
 * returns.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { AppError } from '../../../core/errors'
import { formatDistance, type LngLat } from '../../../core/geo'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useQuery } from '../../../shell/hooks'
import { locate, type Position } from '../../../shell/location'
import { PinPicker } from '../../components/PinPicker'
import type { Suggestion } from '../../contract'
import { draftQueue } from '../../draft-queue'
import { takePhotos, uploadPhoto } from '../../photos'
import { pinMoveOf } from '../../place'
import { pinTooFarMessage, pinWithinReach } from '../../rules'
import { reports } from '../../service'
import { askForProgressMessages } from '../../subscribe'
import { MAX_PHOTOS, routeReasonLabel, stateLabel, type ReportCategory } from '../../vocabulary'
import '../reports.scss'

const labels = { description: '问题描述', address: '地址', photos: '照片', categoryId: '类别', location: '问题位置' }

/** Pin moves come in bursts (nudge, nudge, nudge): ask for the pin's place once it rests. */
const SUGGEST_SETTLE_MS = 300

/** The address shown until the reporter types one: the place for the pin, else where it is from the fix. */
function defaultAddress(fix: Position, pin: LngLat, place?: string): string {
  if (place) return place.slice(0, 100)
  const moved = pinMoveOf(fix, pin)
  return moved ? `我的定位向${moved.direction}约 ${moved.distanceM} 米处` : `当前位置附近（精度约 ${fix.accuracy} 米）`
}

export default function NewReport() {
  const categories = useQuery(reports.categories, {})
  // Fetched ahead: the subscribe dialog has to open inside the submit tap, before any network wait.
  const templates = useQuery(reports.subscribeTemplates, {}, { enabled: process.env.TARO_ENV === 'weapp' })
  const [categoryId, setCategoryId] = useState<ReportCategory>()
  const [photos, setPhotos] = useState<string[]>([])
  /** The device fix; where the photos were taken. */
  const [position, setPosition] = useState<Position>()
  /** Where the problem is: starts at the fix, the reporter may move it. */
  const [pin, setPin] = useState<LngLat>()
  const [address, setAddress] = useState('')
  /** The reporter typed an address: stop replacing it as the pin moves (a ref: typing asks nothing again). */
  const addressTyped = useRef(false)
  const [description, setDescription] = useState('')
  const [suggestion, setSuggestion] = useState<Suggestion>()
  const [error, setError] = useState<AppError>()
  const [notice, setNotice] = useState('')
  const [progress, setProgress] = useState<number>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    locate()
      .then((p) => {
        setPosition(p)
        setPin({ lng: p.lng, lat: p.lat })
      })
      .catch((e: unknown) => setError(e instanceof AppError ? e : new AppError('UNAVAILABLE')))
  }, [])

  const reach = position && pin ? pinWithinReach(pin, position) : undefined

  // Until the place for the new pin arrives (or when offline), the address says where the pin is from the fix.
  useEffect(() => {
    if (position && pin && !addressTyped.current) setAddress(defaultAddress(position, pin))
  }, [position, pin])

  useEffect(() => {
    if (!categoryId || !pin || !position) return
    let stale = false
    const moved = pin.lng !== position.lng || pin.lat !== position.lat
    const timer = setTimeout(
      () =>
        void reports
          .suggest({ categoryId, location: pin })
          .then((s) => {
            // An answer for a pin that has since moved is dropped, never shown for the new one.
            if (stale) return
            setSuggestion(s)
            if (!addressTyped.current && s.place) setAddress(defaultAddress(position, pin, s.place))
          })
          .catch((e: unknown) => {
            if (stale) return
            // Offline: no suggestions, the report can still be kept as a draft.
            setSuggestion(undefined)
            if (e instanceof AppError && e.code === 'OUT_OF_RANGE') setError(e)
          }),
      moved ? SUGGEST_SETTLE_MS : 0,
    )
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [categoryId, pin, position])

  const movePin = (p: LngLat) => {
    setPin(p)
    // A refusal about the pin is answered by moving it; the line under the map says whether it is now in reach.
    setError((e) => (e?.field === 'location' ? undefined : e))
  }

  const shoot = async () => {
    setError(undefined)
    try {
      const taken = await takePhotos(MAX_PHOTOS - photos.length)
      setPhotos((p) => [...p, ...taken].slice(0, MAX_PHOTOS))
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('INTERNAL'))
    }
  }

  const addToExisting = async (reportId: string) => {
    if (!position || !photos.length) {
      setError(new AppError('INVALID_ARGUMENT', '请先拍一张现场照片，再补充到这个问题'))
      return
    }
    setBusy(true)
    try {
      const key = `add-${Date.now().toString(36)}`
      const ids = []
      for (const [i, p] of photos.entries()) ids.push(await uploadPhoto(p, `reports/${key}/${i}.jpg`, setProgress))
      await reports.addPhotos({ reportId, location: { lng: position.lng, lat: position.lat }, photos: ids })
      void Taro.redirectTo({ url: `/reports/pages/detail/index?id=${reportId}` })
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('INTERNAL'))
    } finally {
      setBusy(false)
      setProgress(undefined)
    }
  }

  const submit = async () => {
    setError(undefined)
    if (!categoryId) return setError(new AppError('INVALID_ARGUMENT', '请选择问题类别'))
    if (!photos.length) return setError(new AppError('INVALID_ARGUMENT', '请至少拍一张现场照片'))
    if (!position || !pin || !reach) return setError(new AppError('UNAVAILABLE', '还没有获取到位置，请到开阔处稍等或重新定位'))
    // The server refuses it the same way; saying so here keeps the rider from waiting on an upload first.
    if (!reach.ok) return setError(new AppError('INVALID_ARGUMENT', pinTooFarMessage(reach), 'location'))
    setBusy(true)
    // Mini-program only; whatever the answer, the report is sent.
    await askForProgressMessages(templates.data?.templateIds)
    const draft = draftQueue.add({
      categoryId,
      location: pin,
      deviceFix: { lng: position.lng, lat: position.lat, accuracy: position.accuracy },
      address: address.trim(),
      description: description.trim() || undefined,
      localPhotos: photos,
    })
    const r = await draftQueue.send(draft.key, setProgress)
    setBusy(false)
    setProgress(undefined)
    if (r.ok) {
      void Taro.showToast({ title: '已上报', icon: 'success' })
      void Taro.redirectTo({ url: `/reports/pages/detail/index?id=${r.reportId}&new=1` })
    } else if (r.retry) {
      setNotice('网络不好，已存为草稿：网络恢复后会自动发送，不会重复上报。')
    } else {
      // A refusal: keep the draft out of the queue so the rider can fix it and send again.
      draftQueue.remove(draft.key)
      setError(r.error)
    }
  }

  return (
    <Page
      footer={
        <Button block loading={busy} onClick={submit} className='rp-submit'>
          {progress !== undefined ? `上传中 ${progress}%` : '提交上报'}
        </Button>
      }
    >
      <Card title='1. 什么问题'>
        <QueryView query={categories} skeletonRows={2}>
          {(list) => (
            <View className='rp-cats'>
              {list.map((c) => (
                <View key={c.id} className={`rp-cat ${categoryId === c.id ? 'rp-cat--on' : ''}`} onClick={() => setCategoryId(c.id)} role='button' aria-pressed={categoryId === c.id}>
                  <Text className='rp-cat__icon'>{c.icon}</Text>
                  <Text className='rp-cat__name'>{c.name}</Text>
                </View>
              ))}
            </View>
          )}
        </QueryView>
      </Card>

      <Card title={`2. 现场照片（${photos.length}/${MAX_PHOTOS}）`}>
        <View className='rp-photos'>
          {photos.map((p) => (
            <Image key={p} src={p} className='rp-photo' mode='aspectFill' />
          ))}
        </View>
        {photos.length < MAX_PHOTOS ? (
          <Button kind='secondary' onClick={shoot} className='rp-shoot'>
            拍照
          </Button>
        ) : null}
        <Text className='nx-lead'>只能用相机现场拍摄；照片审核通过后才会公开。</Text>
      </Card>

      {suggestion?.duplicates.length ? (
        <Card title='附近已有同类问题，是同一个吗？'>
          {suggestion.duplicates.map((d) => (
            <View key={d.id} className='rp-item'>
              <View className='rp-item__body'>
                <Text className='rp-item__title'>{d.categoryName}</Text>
                <Text className='rp-item__meta'>
                  {d.address} · {formatDistance(d.distanceM ?? 0)} · {stateLabel[d.state]}
                </Text>
              </View>
              <Button kind='secondary' small loading={busy} onClick={() => void addToExisting(d.id)}>
                补充照片
              </Button>
            </View>
          ))}
        </Card>
      ) : null}

      <Card title='3. 位置'>
        {position ? (
          <Text className='nx-lead'>
            已定位（精度约 {position.accuracy} 米）{suggestion ? ` · ${routeReasonLabel[suggestion.route.reason]}：${suggestion.route.gridName ?? suggestion.route.streetName}` : ''}
          </Text>
        ) : (
          <Text className='nx-lead'>正在定位…</Text>
        )}
        {position && pin && reach ? <PinPicker fix={position} pin={pin} reach={reach} onMove={movePin} /> : null}
        <Input
          className='rp-input rp-address'
          value={address}
          maxlength={100}
          placeholder='补充地址，如：某某路 8 号门口'
          onInput={(e) => {
            addressTyped.current = true
            setAddress(e.detail.value)
          }}
        />
      </Card>

      <Card title='4. 描述（可不填）'>
        <Textarea className='rp-input rp-textarea rp-description' value={description} maxlength={500} placeholder='例如：电动车堵住了盲道' onInput={(e) => setDescription(e.detail.value)} />
        {categoryId ? <Tag tone='neutral'>你的身份不会公开</Tag> : null}
      </Card>

      {notice ? (
        <View className='rp-notice' role='status'>
          <Text>{notice}</Text>
        </View>
      ) : null}
      {error ? (
        <View className='rp-error' role='alert'>
          <Text>{describeError(error, labels)}</Text>
        </View>
      ) : null}
    </Page>
  )
}
