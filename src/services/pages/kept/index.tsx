/**
 * The services the caller keeps (src/services/access.ts): a station manager's every service at their
 * stations, a provider organisation's own services, paused ones included; a card opens the service
 * with its roster and edit buttons, and one button per station adds a new service there.
 */
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { ServiceCard } from '../../components/ServiceCard'
import { services } from '../../service'
import '../../components/services.scss'

export default function KeptServicesPage() {
  const list = useQuery(services.listServices, { keep: true })
  useDidShow(() => void list.refetch())
  usePullDownRefresh(() => {
    void list.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <QueryView query={list}>
        {(d) => (
          <View>
            {d.items.length ? (
              d.items.map((s) => <ServiceCard key={s.serviceId} s={s} />)
            ) : (
              <Empty title='还没有开设服务' text='在下面选择驿站，设置服务内容、时间和名额后，骑手就能预约。' />
            )}
            {(d.createAt ?? []).map((st) => (
              <Button key={st.stationId} kind='secondary' block className='svc-new' onClick={() => void Taro.navigateTo({ url: `/services/pages/edit/index?stationId=${st.stationId}` })}>
                {`在「${st.name}」新建服务`}
              </Button>
            ))}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
