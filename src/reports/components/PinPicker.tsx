/**
 * Where the problem is, adjustable before sending: the device fix and the pin on a map (the native <Map>
 * in the mini-program, where a tap on the map moves the pin; the offline SVG plot on H5, where a tap on
 * the plot does), 10 m nudges that work on both, and a way back to the fix. Says how far the pin is from
 * the fix and, when it is beyond reach, why it cannot be sent that way — the same rule the server applies.
 */
import { Text, View } from '@tarojs/components'
import type { ComponentType } from 'react'
import type { LngLat } from '../../core/geo'
import { Button } from '../../shell/components'
import { nudgeLabel, nudgeOrder, nudgePin } from '../pin'
import { pinTooFarMessage, type DeviceFix, type PinReach } from '../rules'
import './reports-components.scss'
import './pin-picker.scss'

const WeappMap: ComponentType<Record<string, unknown>> | null =
  process.env.TARO_ENV === 'weapp' ? (require('@tarojs/components') as { Map: ComponentType<Record<string, unknown>> }).Map : null
type PlotProps = { fix: LngLat; pin: LngLat; reachM: number; tooFar: boolean; onMove: (p: LngLat) => void }
const Plot: ComponentType<PlotProps> | null = process.env.TARO_ENV === 'h5' ? (require('./PinPlot') as typeof import('./PinPlot')).PinPlot : null

export function PinPicker({ fix, pin, reach, onMove }: { fix: DeviceFix; pin: LngLat; reach: PinReach; onMove: (p: LngLat) => void }) {
  const moved = reach.distanceM > 0
  return (
    <View className='rp-pin'>
      {WeappMap ? (
        <WeappMap
          className='rp-map rp-pin-map'
          longitude={fix.lng}
          latitude={fix.lat}
          scale={16}
          markers={[
            { id: 0, longitude: fix.lng, latitude: fix.lat, width: 22, height: 22, callout: { content: '我的定位', display: 'ALWAYS', fontSize: 14, padding: 4 } },
            { id: 1, longitude: pin.lng, latitude: pin.lat, width: 32, height: 32, callout: { content: '问题位置', display: 'ALWAYS', fontSize: 14, padding: 4 } },
          ]}
          circles={[{ longitude: fix.lng, latitude: fix.lat, radius: reach.reachM, color: '#b93a0bcc', fillColor: '#b93a0b14', strokeWidth: 2 }]}
          onTap={(e: { detail?: { longitude?: number; latitude?: number } }) => {
            const d = e.detail
            if (typeof d?.longitude === 'number' && typeof d.latitude === 'number') onMove({ lng: d.longitude, lat: d.latitude })
          }}
          onError={() => undefined}
        />
      ) : null}
      {Plot ? <Plot fix={fix} pin={pin} reachM={reach.reachM} tooFar={!reach.ok} onMove={onMove} /> : null}
      <Text className='rp-pin__legend'>
        <Text className='rp-pin__dot rp-pin__dot--fix'>●</Text> 我的定位 <Text className='rp-pin__dot rp-pin__dot--pin'>●</Text> 问题位置：点地图把标记放到问题所在处，或用下面的按钮微调
      </Text>
      <View className='rp-pin__pad'>
        {nudgeOrder.map((d) => (
          <Button key={d} kind='secondary' className={`rp-pin__nudge rp-pin__nudge--${d}`} aria-label={nudgeLabel[d].aria} onClick={() => onMove(nudgePin(pin, d))}>
            {nudgeLabel[d].text}
          </Button>
        ))}
      </View>
      {moved ? (
        <View className='rp-pin__row'>
          <Text className={`rp-pin__status ${reach.ok ? '' : 'rp-pin__status--far'}`}>{reach.ok ? `标记离你的定位约 ${reach.distanceM} 米（最多可挪 ${reach.reachM} 米）` : pinTooFarMessage(reach)}</Text>
          <Button kind='plain' className='rp-pin__reset' onClick={() => onMove({ lng: fix.lng, lat: fix.lat })}>
            回到我的定位
          </Button>
        </View>
      ) : null}
    </View>
  )
}
