/**
 * 工作台: what waits for a staff member, one row per kind of waiting work with its count in large
 * numerals, each opening the queue that shows exactly that work. Sits at the top of the home tab for
 * staff (riders never see it), refreshes whenever the tab is shown, and keeps the tab's badge equal to
 * the total.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import type { Role } from '../../core/roles'
import { showWaitingBadge } from '../../shell/badge'
import { Card, QueryView } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import { users } from '../service'
import { hasWorkbench } from '../workbench'
import './workbench.scss'

export function Workbench({ roles }: { roles: readonly Role[] }) {
  const staff = hasWorkbench(roles)
  const bench = useQuery(users.workbench, {}, { enabled: staff })
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && staff) void bench.refetch()
    shown.current = true
  })
  const total = bench.data?.total
  useEffect(() => {
    if (total !== undefined) showWaitingBadge(total)
  }, [total])
  if (!staff) return null

  return (
    <Card title='工作台' className='wb'>
      <QueryView query={bench} skeletonRows={3}>
        {(data) => (
          <View>
            {data.total === 0 ? <Text className='wb-clear'>暂时没有待办，辛苦了</Text> : null}
            {data.items.map((item) => (
              <View key={item.kind} className='wb-row' onClick={() => void Taro.navigateTo({ url: item.page })} aria-label={`${item.label} ${item.count} 件`}>
                <Text className='wb-row__label'>{item.label}</Text>
                <Text className={`wb-row__count${item.urgent && item.count > 0 ? ' wb-row__count--urgent' : ''}`}>{item.count}</Text>
                <Text className='wb-row__go'>›</Text>
              </View>
            ))}
          </View>
        )}
      </QueryView>
    </Card>
  )
}
