/**
 * H5-only: pick which seeded user the browser acts as (one per role in each demo district,
 * src/users/dev-identities.ts), listed under the district whose data each works with; the pill names
 * the current identity's district and role.
 * A small floating control on every page, and the same list on the 我的 page. Never in the mini-program.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { roleLabel } from '../../core/roles'
import { devIdentities, type DevIdentity } from '../../users/dev-identities'
import { currentDevIdentity, switchDevIdentity } from './identity'
import './dev.scss'

/** The identities grouped by the district they work in, in the order the list declares them. */
const byArea = devIdentities.reduce<Array<{ area: string; district: string; identities: DevIdentity[] }>>((groups, identity) => {
  const group = groups.find((g) => g.area === identity.area)
  if (group) group.identities.push(identity)
  else groups.push({ area: identity.area, district: identity.district, identities: [identity] })
  return groups
}, [])

export function RoleSwitcherList() {
  const active = currentDevIdentity()
  return (
    <View className='nx-dev-list' role='group' aria-label='切换开发身份'>
      {byArea.map((group) => (
        <View key={group.area} className='nx-dev-group'>
          <Text className='nx-dev-group__title'>{group.area}</Text>
          <View role='list' aria-label={group.area}>
            {group.identities.map((identity) => (
              <View
                key={identity.openid}
                role='listitem'
                className={`nx-dev-item${identity.openid === active.openid ? ' nx-dev-item--active' : ''}`}
                data-openid={identity.openid}
                data-district={identity.district}
                onClick={() => switchDevIdentity(identity.openid)}
              >
                <Text className='nx-dev-item__role'>{roleLabel[identity.role]}</Text>
                <Text className='nx-dev-item__name'>{identity.nickname}</Text>
                {identity.openid === active.openid ? <Text className='nx-dev-item__check'>当前</Text> : null}
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}

export function FloatingRoleSwitcher() {
  const [open, setOpen] = useState(false)
  const active = currentDevIdentity()
  return (
    <View className='nx-dev-float'>
      <View className='nx-dev-pill' role='button' aria-label='切换身份' onClick={() => setOpen(true)}>
        <Text>开发身份 · {active.district} · {roleLabel[active.role]}</Text>
      </View>
      {open ? (
        <View className='nx-mask' onClick={() => setOpen(false)}>
          <View className='nx-sheet' onClick={(e) => e.stopPropagation()} role='dialog' aria-label='切换开发身份'>
            <Text className='nx-sheet__title'>切换开发身份</Text>
            <Text className='nx-sheet__text'>仅本地开发可用：选择一个演示用户，页面将重新加载。</Text>
            <RoleSwitcherList />
          </View>
        </View>
      ) : null}
    </View>
  )
}
