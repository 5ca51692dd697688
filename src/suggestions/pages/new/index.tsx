/** Posting a suggestion: category, text, optional place, the street that should answer. Public at once; the author is never shown. */
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Page } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { wishes } from '../../../wishes/service'
import { suggestions } from '../../service'
import { allSuggestionCategories, suggestionCategoryLabel, type SuggestionCategory } from '../../vocabulary'
import '../../../wishes/components/wishes.scss'

export default function NewSuggestionPage() {
  const key = useMemo(() => newIdempotencyKey(), [])
  const streets = useQuery(wishes.streets, {})
  const [categoryId, setCategory] = useState<SuggestionCategory>('rest_point')
  const [text, setText] = useState('')
  const [place, setPlace] = useState('')
  const [street, setStreet] = useState<string | undefined>()
  const post = useAction(suggestions.post)
  const submit = async () => {
    if (!street) {
      void Taro.showToast({ title: '请选择由哪个街道答复', icon: 'none' })
      return
    }
    const done = await post.run({ idempotencyKey: key, categoryId, text, place: place.trim() || undefined, street })
    if (done) void Taro.redirectTo({ url: `/suggestions/pages/detail/index?id=${done.suggestion.id}` })
  }
  return (
    <Page
      footer={
        <Button block loading={post.loading} onClick={() => void submit()}>
          提交建议
        </Button>
      }
    >
      <Text className='nx-lead'>建议会公开显示并由街道公开答复，不显示你的名字。</Text>
      <Card>
        <Text className='wi-label'>类别</Text>
        <View className='wi-chips'>
          {allSuggestionCategories.map((c) => (
            <Text key={c} className={`wi-chip ${categoryId === c ? 'wi-chip--on' : ''}`} onClick={() => setCategory(c)}>
              {suggestionCategoryLabel[c]}
            </Text>
          ))}
        </View>
        <Text className='wi-label'>你的建议</Text>
        <Textarea className='wi-textarea' value={text} maxlength={500} placeholder='例如：金鸡湖路取餐点附近需要一个避雨棚' onInput={(e) => setText(e.detail.value)} />
        <Text className='wi-label'>地点（可选）</Text>
        <Input className='wi-input' value={place} maxlength={60} placeholder='例如：金鸡湖路美食街北口' onInput={(e) => setPlace(e.detail.value)} />
        <Text className='wi-label'>由哪个街道答复</Text>
        <View className='wi-chips'>
          {(streets.data ?? []).map((s) => (
            <Text key={s.id} className={`wi-chip ${street === s.id ? 'wi-chip--on' : ''}`} onClick={() => setStreet(s.id)}>
              {s.name}
            </Text>
          ))}
        </View>
      </Card>
      {post.error ? <Text className='wi-error'>{describeError(post.error, { text: '建议内容', place: '地点', street: '街道' })}</Text> : null}
    </Page>
  )
}
