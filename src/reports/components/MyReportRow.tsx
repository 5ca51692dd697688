/**
 * One of my reports as a row, as a government service app lists a case: category and state, the
 * receipt number (受理编号) to quote on the phone, and the promise (承诺 … 前办结 / 已于 … 办结) in China
 * time. Shared by 我上报的 on the 随手拍 tab and the latest reports on 我的; a tap opens the report.
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Tag } from '../../shell/components'
import { formatMoment } from '../../shell/time'
import type { MyReportLine } from '../contract'
import { promiseText, receiptText } from '../progress'
import { isOpenState, stateLabel } from '../vocabulary'
import './reports-components.scss'

export function MyReportRow({ r }: { r: MyReportLine }) {
  const promise = promiseText(r.promise)
  return (
    <View className='rp-mine-item' onClick={() => void Taro.navigateTo({ url: `/reports/pages/detail/index?id=${r.id}` })} aria-label={`${r.categoryName}，${stateLabel[r.state]}，受理编号 ${r.receiptNo}`}>
      <View className='rp-mine-item__body'>
        <Text className='rp-mine-item__title'>
          {r.categoryName} · {formatMoment(r.createdAt)}
        </Text>
        <Text className='rp-mine-item__receipt'>{receiptText(r.receiptNo)}</Text>
        {promise ? <Text className={`rp-mine-item__promise${r.promise?.overdue ? ' rp-mine-item__promise--late' : ''}`}>{promise}</Text> : null}
      </View>
      <Tag tone={r.state === 'resolved' ? 'warn' : isOpenState(r.state) ? 'brand' : 'ok'}>{r.state === 'resolved' ? '待你确认' : stateLabel[r.state]}</Tag>
    </View>
  )
}
