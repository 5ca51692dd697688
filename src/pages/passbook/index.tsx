/**
 * 存折 tab: the love passbook. Until the passbook feature lands it explains how points are earned and
 * spent; it shows no balance, because there is no ledger yet to show one from.
 */
import { Text, View } from '@tarojs/components'
import { Card, Empty, Page } from '../../shell/components'

const ways = ['参加志愿服务，按核实的服务时长记分', '随手拍被街道受理', '完成微心愿并经确认']

export default function PassbookHome() {
  return (
    <Page>
      <Text className='nx-title'>爱"新"存折</Text>
      <Text className='nx-lead'>做好事攒积分，到驿站兑换礼品。每一笔积分都有来由，可查明细。</Text>
      <Card title='怎样获得积分'>
        {ways.map((way) => (
          <View key={way} className='nx-row'>
            <Text className='nx-row__label'>{way}</Text>
          </View>
        ))}
      </Card>
      <Empty mark='¥' title='存折即将开通' text='开通后这里显示你的积分余额、明细和可兑换的礼品。' />
    </Page>
  )
}
