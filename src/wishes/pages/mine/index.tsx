/** My wishes (as beneficiary, with the screening outcome) and the wishes I claimed or take part in. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { WishCardView } from '../../components/WishCardView'
import { wishes } from '../../service'
import '../../components/wishes.scss'

export default function MyWishesPage() {
  const mine = useQuery(wishes.mine, { page: { limit: 20 } })
  const claimed = useQuery(wishes.claimed, { page: { limit: 20 } })
  useDidShow(() => {
    void mine.refetch()
    void claimed.refetch()
  })
  usePullDownRefresh(() => {
    void Promise.all([mine.refetch(), claimed.refetch()]).finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <Text className='nx-title'>我许的心愿</Text>
      <QueryView query={mine}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((w) => (
                <View key={w.id}>
                  <WishCardView w={w} />
                  {w.declinedReason ? <Text className='wi-error'>未通过：{w.declinedReason}</Text> : null}
                </View>
              ))}
            </View>
          ) : (
            <Empty title='还没有许过心愿'>
              <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/wishes/pages/new/index' })}>
                许个心愿
              </Button>
            </Empty>
          )
        }
      </QueryView>
      <Text className='nx-title'>我认领的心愿</Text>
      <QueryView query={claimed}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((w) => (
                <WishCardView key={w.id} w={w} />
              ))}
            </View>
          ) : (
            <Empty title='还没有认领过心愿' />
          )
        }
      </QueryView>
    </Page>
  )
}
