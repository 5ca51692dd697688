/**
 * The public wish wall (心愿墙): screened wishes by street and category, newest or longest-waiting
 * first (returned claims marked 优先), and the stories of fulfilled wishes whose beneficiaries chose to
 * thank in public. Cards show the category's picture, never the beneficiary's own photo or identity.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { WishCardView } from '../../components/WishCardView'
import { wishes } from '../../service'
import { allWishCategories, wishCategoryLabel, type WishCategory } from '../../vocabulary'
import '../../components/wishes.scss'

type Tab = 'newest' | 'waiting' | 'stories'
const tabs: Array<[Tab, string]> = [
  ['waiting', '等得最久'],
  ['newest', '最新'],
  ['stories', '圆梦故事'],
]

export default function WallPage() {
  const [tab, setTab] = useState<Tab>('waiting')
  const [street, setStreet] = useState<string | undefined>()
  const [category, setCategory] = useState<WishCategory | undefined>()
  const streets = useQuery(wishes.streets, {})
  const wall = useQuery(wishes.wall, { street, categoryId: category, sort: tab === 'stories' ? 'newest' : tab, page: { limit: 30 } }, { enabled: tab !== 'stories' })
  const stories = useQuery(wishes.stories, { street, page: { limit: 30 } }, { enabled: tab === 'stories' })
  const list = tab === 'stories' ? stories : wall
  usePullDownRefresh(() => {
    void list.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page
      footer={
        <View className='wi-actions'>
          <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/wishes/pages/mine/index' })}>
            我的心愿
          </Button>
          <Button onClick={() => void Taro.navigateTo({ url: '/wishes/pages/new/index' })}>许个心愿</Button>
        </View>
      }
    >
      <Text className='nx-lead'>骑手小哥的小小心愿，等你来点亮。认领后请在 7 天内通过站内留言联系许愿人。</Text>
      <View className='wi-chips'>
        {tabs.map(([id, label]) => (
          <Text key={id} className={`wi-chip ${tab === id ? 'wi-chip--on' : ''}`} onClick={() => setTab(id)}>
            {label}
          </Text>
        ))}
      </View>
      <View className='wi-chips'>
        <Text className={`wi-chip ${!street ? 'wi-chip--on' : ''}`} onClick={() => setStreet(undefined)}>
          全部街道
        </Text>
        {(streets.data ?? []).slice(0, 12).map((s) => (
          <Text key={s.id} className={`wi-chip ${street === s.id ? 'wi-chip--on' : ''}`} onClick={() => setStreet(s.id)}>
            {s.name}
          </Text>
        ))}
      </View>
      {tab !== 'stories' ? (
        <View className='wi-chips'>
          <Text className={`wi-chip ${!category ? 'wi-chip--on' : ''}`} onClick={() => setCategory(undefined)}>
            全部类别
          </Text>
          {allWishCategories.map((c) => (
            <Text key={c} className={`wi-chip ${category === c ? 'wi-chip--on' : ''}`} onClick={() => setCategory(c)}>
              {wishCategoryLabel[c]}
            </Text>
          ))}
        </View>
      ) : null}
      <QueryView query={list}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((w) => (
                <WishCardView key={w.id} w={w} />
              ))}
            </View>
          ) : (
            <Empty title={tab === 'stories' ? '还没有公开的圆梦故事' : '这里暂时没有等待认领的心愿'} />
          )
        }
      </QueryView>
    </Page>
  )
}
