/**
 * 驿站 tab, the home page. Until the stations feature fills it with the nearby list, it says what the
 * tab is for, shows the amenity filters (the real closed list), and runs the step the nearby search
 * starts with: privacy consent, then the rider's position.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { AppError } from '../../core/errors'
import { Button, Card, ErrorState, Page, Tag } from '../../shell/components'
import { locate, type Position } from '../../shell/location'
import { allAmenities, amenityLabel } from '../../stations/vocabulary'
import './index.scss'

export default function StationsHome() {
  const [position, setPosition] = useState<Position>()
  const [error, setError] = useState<AppError>()
  const [busy, setBusy] = useState(false)

  const findMe = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setPosition(await locate())
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('INTERNAL'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page
      footer={
        <Button block loading={busy} onClick={findMe} className='nx-locate'>
          {position ? '重新定位' : '用我的位置找驿站'}
        </Button>
      }
    >
      <Text className='nx-title'>附近驿站</Text>
      <Text className='nx-lead'>找最近的开放驿站：喝水、热饭、充电、歇脚。</Text>
      {position ? (
        <Card title='已获取你的位置' className='nx-position'>
          <View className='stations-accuracy'>
            <Text className='stations-accuracy__num'>{position.accuracy}</Text>
            <Text className='stations-accuracy__unit'>米精度</Text>
          </View>
          <Text className='nx-lead'>附近驿站列表即将上线，届时按距离从近到远显示。</Text>
        </Card>
      ) : null}
      {error ? <ErrorState error={error} title='没能获取位置' /> : null}
      <Card title='可按服务筛选'>
        <View>
          {allAmenities.map((amenity) => (
            <Tag key={amenity}>{amenityLabel[amenity]}</Tag>
          ))}
        </View>
      </Card>
    </Page>
  )
}
