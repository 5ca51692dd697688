/**
 * Posting a wish: category, a short title and description, value band, street and community, for self
 * or a family member, an optional photo (seen only by the screening staff and the claimer) and an
 * optional phone number shown to the claimer only with consent. Street staff screen it before it goes
 * up on the wall. One idempotency key per attempt, so a retried send never posts twice.
 */
import { Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Page } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { uploadImage } from '../../../stations/services/upload'
import { wishes } from '../../service'
import { allValueBands, allWishCategories, valueBandLabel, wishCategoryIcon, wishCategoryLabel, wishForLabel, wishPolicy, type ValueBand, type WishCategory, type WishFor } from '../../vocabulary'
import '../../components/wishes.scss'

const labels = { title: '心愿标题', description: '心愿描述', community: '所在社区', street: '所在街道', phone: '联系电话', photo: '照片' }

export default function NewWishPage() {
  const key = useMemo(() => newIdempotencyKey(), [])
  const streets = useQuery(wishes.streets, {})
  const [categoryId, setCategory] = useState<WishCategory>('daily_goods')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [valueBand, setBand] = useState<ValueBand>('under_100')
  const [street, setStreet] = useState<string | undefined>()
  const [community, setCommunity] = useState('')
  const [forWhom, setFor] = useState<WishFor>('self')
  const [phone, setPhone] = useState('')
  const [phoneConsent, setConsent] = useState(false)
  const [photo, setPhoto] = useState<{ local: string; fileId?: string } | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)
  const post = useAction(wishes.post)

  const pick = async () => {
    try {
      const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })
      const local = res.tempFilePaths[0]
      if (!local) return
      setPhoto({ local })
      setUploadError(null)
      const fileId = await uploadImage(local, `wishes/${key}/0.jpg`)
      setPhoto({ local, fileId })
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) setUploadError((e as Error).message)
    }
  }

  const submit = async () => {
    if (!street) {
      void Taro.showToast({ title: '请选择所在街道', icon: 'none' })
      return
    }
    const done = await post.run({
      idempotencyKey: key,
      categoryId,
      title,
      description,
      valueBand,
      street,
      community,
      forWhom,
      phone: phone.trim() || undefined,
      phoneConsent: phone.trim() ? phoneConsent : undefined,
      photo: photo?.fileId,
    })
    if (done) {
      void Taro.showToast({ title: '已提交，等待街道审核', icon: 'success' })
      void Taro.redirectTo({ url: `/wishes/pages/detail/index?id=${done.wish.id}` })
    }
  }

  return (
    <Page
      footer={
        <Button block loading={post.loading} disabled={!!photo && !photo.fileId && !uploadError} onClick={() => void submit()}>
          提交心愿
        </Button>
      }
    >
      <Text className='nx-lead'>心愿经街道审核后上墙；墙上不显示你的姓名、电话和照片。每人最多同时有 {wishPolicy.maxOpenPerUser} 个进行中的心愿。</Text>
      <Card>
        <Text className='wi-label'>心愿类别</Text>
        <View className='wi-chips'>
          {allWishCategories.map((c) => (
            <Text key={c} className={`wi-chip ${categoryId === c ? 'wi-chip--on' : ''}`} onClick={() => setCategory(c)}>
              {wishCategoryIcon[c]} {wishCategoryLabel[c]}
            </Text>
          ))}
        </View>
        <Text className='wi-label'>心愿标题</Text>
        <Input className='wi-input' value={title} maxlength={30} placeholder='例如：一件冬天的棉衣' onInput={(e) => setTitle(e.detail.value)} />
        <Text className='wi-label'>说说你的心愿</Text>
        <Textarea className='wi-textarea' value={description} maxlength={300} placeholder='需要什么、为什么需要（不要写姓名、电话、详细地址）' onInput={(e) => setDescription(e.detail.value)} />
        <Text className='wi-label'>大约价值</Text>
        <View className='wi-chips'>
          {allValueBands.map((b) => (
            <Text key={b} className={`wi-chip ${valueBand === b ? 'wi-chip--on' : ''}`} onClick={() => setBand(b)}>
              {valueBandLabel[b]}
            </Text>
          ))}
        </View>
        <Text className='wi-label'>为谁许愿</Text>
        <View className='wi-chips'>
          {(['self', 'family'] as const).map((f) => (
            <Text key={f} className={`wi-chip ${forWhom === f ? 'wi-chip--on' : ''}`} onClick={() => setFor(f)}>
              {wishForLabel[f]}
            </Text>
          ))}
        </View>
      </Card>
      <Card title='在哪里'>
        <Text className='wi-label'>所在街道</Text>
        <View className='wi-chips'>
          {(streets.data ?? []).map((s) => (
            <Text key={s.id} className={`wi-chip ${street === s.id ? 'wi-chip--on' : ''}`} onClick={() => setStreet(s.id)}>
              {s.name}
            </Text>
          ))}
        </View>
        <Text className='wi-label'>所在社区</Text>
        <Input className='wi-input' value={community} maxlength={30} placeholder='例如：金鸡湖社区（不要写门牌号）' onInput={(e) => setCommunity(e.detail.value)} />
      </Card>
      <Card title='可选'>
        <Text className='wi-label'>联系电话（只给认领人看，且需你同意）</Text>
        <Input className='wi-input' type='number' value={phone} maxlength={11} placeholder='不填也可以，认领人会通过站内留言联系你' onInput={(e) => setPhone(e.detail.value)} />
        {phone.trim() ? (
          <View className='nx-row'>
            <Text className='nx-row__label'>同意认领人看到电话</Text>
            <Switch checked={phoneConsent} onChange={(e) => setConsent(e.detail.value)} />
          </View>
        ) : null}
        <Text className='wi-label'>照片（只给审核人员和认领人看）</Text>
        {photo ? <Image className='wi-photo' src={photo.local} mode='aspectFill' /> : null}
        {uploadError ? <Text className='wi-error'>{uploadError}</Text> : null}
        <Button kind='secondary' small onClick={() => void pick()}>
          {photo ? '换一张' : '添加照片'}
        </Button>
      </Card>
      {post.error ? <Text className='wi-error'>{describeError(post.error, labels)}</Text> : null}
    </Page>
  )
}
