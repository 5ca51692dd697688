/**
 * Edit the nickname (users.updateProfile). The first page of the `users` subpackage, reached from
 * 我的. Saving puts the returned profile into the `users.me` caches (我的 reads me with its overview) so
 * 我的 shows it at once.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { readCache } from '../../../shell/cache'
import { Button, Card, Page } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { queryKey, setQueryData, useAction } from '../../../shell/hooks'
import type { Me } from '../../contract'
import { users } from '../../service'
import './index.scss'

const OVERVIEW = { overview: true } as const

export default function ProfilePage() {
  const [nickname, setNickname] = useState(() => (readCache<Me>(queryKey(users.me, OVERVIEW)) ?? readCache<Me>(queryKey(users.me, {})))?.data.nickname ?? '')
  const save = useAction(users.updateProfile)

  const submit = async () => {
    const me = await save.run({ nickname })
    if (!me) return
    setQueryData(users.me, {}, me)
    const shown = readCache<Me>(queryKey(users.me, OVERVIEW))?.data
    if (shown) setQueryData(users.me, OVERVIEW, { ...me, overview: shown.overview })
    void Taro.showToast({ title: '已保存', icon: 'success' })
    void Taro.navigateBack()
  }

  return (
    <Page
      footer={
        <Button block loading={save.loading} onClick={submit} className='profile-save'>
          保存
        </Button>
      }
    >
      <Card title='昵称'>
        <Input className='profile-input' value={nickname} maxlength={20} placeholder='2 到 20 个字' onInput={(e) => setNickname(e.detail.value)} />
        <Text className='profile-hint'>昵称会显示在志愿服务名单和驿站签到记录里。</Text>
      </Card>
      {save.error ? (
        <View className='profile-error' role='alert'>
          <Text>{describeError(save.error, { nickname: '昵称' })}</Text>
        </View>
      ) : null}
    </Page>
  )
}
