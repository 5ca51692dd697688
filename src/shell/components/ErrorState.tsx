/** What went wrong, in plain Chinese, and the one thing to do next (重试). */
import { Text, View } from '@tarojs/components'
import type { AppError } from '../../core/errors'
import { Button } from './Button'

const titles: Partial<Record<AppError['code'], string>> = {
  UNAVAILABLE: '网络不给力',
  FORBIDDEN: '暂时不能使用',
  UNAUTHENTICATED: '还没有登录',
  NOT_FOUND: '没有找到',
}

export function ErrorState({ error, title, onRetry, retrying }: { error: AppError; title?: string; onRetry?: () => void; retrying?: boolean }) {
  return (
    <View className='nx-state' role='alert'>
      <View className='nx-state__mark nx-state__mark--error'>!</View>
      <Text className='nx-state__title'>{title ?? titles[error.code] ?? '出了点问题'}</Text>
      <Text className='nx-state__text'>{error.message}</Text>
      {onRetry ? (
        <Button kind='primary' loading={retrying} onClick={onRetry} className='nx-retry'>
          重试
        </Button>
      ) : null}
    </View>
  )
}
