/** One wish as the wall, stories and lists show it: generic category picture, never the beneficiary's photo or name, nor a claimer's. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Card, Tag } from '../../shell/components'
import type { WishCard } from '../views'
import './wishes.scss'

/** 党员认领 / 小葑哥先锋服务队认领 / 企业认领 · 美团外卖娄葑配送站: who lit it up, never a person's name. */
function claimTag(c: NonNullable<WishCard['claim']>): string {
  if (c.enterpriseName) return `${c.label} · ${c.enterpriseName}`
  return c.teamName ? `${c.teamName}认领` : c.label
}

export function WishCardView({ w }: { w: WishCard }) {
  return (
    <View onClick={() => void Taro.navigateTo({ url: `/wishes/pages/detail/index?id=${w.id}` })} aria-label={`心愿：${w.title}`}>
      <Card>
        <View className='wi-card-head'>
          <Text className='wi-icon'>{w.icon}</Text>
          <View>
            <Text className='wi-title'>{w.title}</Text>
            <Text className='wi-meta'>
              {w.categoryLabel} · {w.streetName} {w.community}
            </Text>
          </View>
        </View>
        <Text className='wi-body'>{w.description}</Text>
        <View>
          <Tag tone={w.state === 'published' ? 'brand' : w.state === 'fulfilled' ? 'ok' : 'neutral'}>{w.stateLabel}</Tag>
          {w.priority && w.state === 'published' ? <Tag tone='warn'>优先</Tag> : null}
          <Tag>{w.valueLabel}</Tag>
          {w.state === 'published' ? <Tag>{w.waitingDays > 0 ? `已等 ${w.waitingDays} 天` : '今天上墙'}</Tag> : null}
          {w.claim ? <Tag tone='ok'>{claimTag(w.claim)}</Tag> : null}
        </View>
        {w.story ? <Text className='wi-story'>感谢：{w.story}</Text> : null}
      </Card>
    </View>
  )
}
