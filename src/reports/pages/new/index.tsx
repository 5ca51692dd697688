/**
 * 随手拍 — new report: category (icons), 1–9 camera photos, the current position with an editable
 * address, an optional description. Before sending, open reports of the same category within ~50 m are
 * shown ("same problem? add your photo to it"). In the mini-program, the submit tap first asks to allow
 * the progress messages (never blocking the send). Sending goes through the draft queue: the draft (and its
 * idempotency key) is kept first, so a failed send stays as a draft and is sent once when the network
 * returns.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { AppError } from '../../../core/errors'
import { formatDistance } from '../../../core/geo'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useQuery } from '../../../shell/hooks'
import { locate, type Position } from '../../../shell/location'
import type { Suggestion } from '../../contract'
import { draftQueue } from '../../draft-queue'
import { takePhotos, uploadPhoto } from '../../photos'
import { reports } from '../../service'
import { askForProgressMessages } from '../../subscribe'
import { MAX_PHOTOS, routeReasonLabel, stateLabel, type ReportCategory } from '../../vocabulary'
import '../reports.scss'

const labels = { description: '问题描述', address: '地址', photos: '照片', categoryId: '类别' }

export default function NewReport() {
  const categories = useQuery(reports.categories, {})
  // Fetched ahead: the subscribe dialog has to open inside the submit tap, before any network wait.
  const templates = useQuery(reports.subscribeTemplates, {}, { enabled: process.env.TARO_ENV === 'weapp' })
  const [categoryId, setCategoryId] = useState<ReportCategory>()
  const [photos, setPhotos] = useState<string[]>([])
  const [position, setPosition] = useState<Position>()
  const [address, setAddress] = useState('')
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
        setAddress((a) => a || `当前位置附近（精度约 ${p.accuracy} 米）`)
      })
      .catch((e: unknown) => setError(e instanceof AppError ? e : new AppError('UNAVAILABLE')))
  }, [])

  useEffect(() => {
    if (!categoryId || !position) return
    reports
      .suggest({ categoryId, location: { lng: position.lng, lat: position.lat } })
      .then(setSuggestion)
      .catch((e: unknown) => {
        // Offline: no suggestions, the report can still be kept as a draft.
        setSuggestion(undefined)
        if (e instanceof AppError && e.code === 'OUT_OF_RANGE') setError(e)
      })
  }, [categoryId, position])

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
    if (!position) return setError(new AppError('UNAVAILABLE', '还没有获取到位置，请到开阔处稍等或重新定位'))
    setBusy(true)
    // Mini-program only; whatever the answer, the report is sent.
    await askForProgressMessages(templates.data?.templateIds)
    const draft = draftQueue.add({ categoryId, location: { lng: position.lng, lat: position.lat }, address: address.trim(), description: description.trim() || undefined, localPhotos: photos })
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
        <Input className='rp-input rp-address' value={address} maxlength={100} placeholder='补充地址，如：某某路 8 号门口' onInput={(e) => setAddress(e.detail.value)} />
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
