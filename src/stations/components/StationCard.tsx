/**
 * One station in a list: name, open state, distance as a big numeral with walking/riding time, the
 * first amenities. The whole card is one target (≥ 88 rpx) that opens the detail.
 */
import { Text, View } from '@tarojs/components'
import { Tag, type TagTone } from '../../shell/components'
import type { StationSummary } from '../contract'
import { distanceText, travelText } from '../distance'
import type { OpenState } from '../hours'
import { amenityLabel } from '../vocabulary'
import './stations.scss'

export const openTone: Record<OpenState, TagTone> = { open: 'ok', full: 'warn', closed: 'neutral' }

export function StationCard({ station, onOpen }: { station: StationSummary; onOpen: (s: StationSummary) => void }) {
  const km = station.distanceM !== undefined ? distanceText(station.distanceM).split(' ') : null
  return (
    <View className='st-card' onClick={() => onOpen(station)} role='link' aria-label={station.name}>
      <View className='st-card__main'>
        <Text className='st-card__name'>{station.name}</Text>
        <View className='st-card__status'>
          <Tag tone={openTone[station.openState]}>{station.openText}</Tag>
          {station.type === 'report_point' ? <Tag tone='brand'>党员报到点</Tag> : null}
        </View>
        <Text className='st-card__address'>{station.address}</Text>
        <View className='st-card__amenities'>
          {station.amenities.slice(0, 5).map((a) => (
            <Text key={a} className='st-card__amenity'>
              {amenityLabel[a]}
            </Text>
          ))}
        </View>
      </View>
      {km ? (
        <View className='st-card__distance'>
          <Text className='st-card__num'>{km[0]}</Text>
          <Text className='st-card__unit'>{km[1]}</Text>
          {station.walkMin !== undefined && station.rideMin !== undefined ? (
            <Text className='st-card__travel'>{travelText({ walkMin: station.walkMin, rideMin: station.rideMin })}</Text>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
