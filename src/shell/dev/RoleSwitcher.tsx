/**
 * H5-only: pick which seeded user the browser acts as (one per role in each demo district,
 * src/users/dev-identities.ts), each labelled with the district whose data it works with.
 * A small floating control on every page, and the same list on the 我的 page. Never in the mini-program.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { roleLabel } from '../../core/roles'
import { devIdentities } from '../../users/dev-identities'
import { currentDevIdentity, switchDevIdentity } from './identity'
import './dev.scss'

export function RoleSwitcherList() {
  const active = currentDevIdentity()
  return (
    <View className='nx-dev-list' role='list' aria-label='切换开发身份'>
      {devIdentities.map((identity) => (
        <View
          key={identity.openid}
          role='listitem'
          className={`nx-dev-item${identity.openid === active.openid ? ' nx-dev-item--active' : ''}`}
          data-openid={identity.openid}
          onClick={() => switchDevIdentity(identity.openid)}
        >
          <Text className='nx-dev-item__role'>{roleLabel[identity.role]}</Text>
          <Text className='nx-dev-item__name'>{identity.nickname}</Text>
          <Text className='nx-dev-item__area' data-district={identity.district}>{identity.area}</Text>
          {identity.openid === active.openid ? <Text className='nx-dev-item__check'>当前</Text> : null}
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
