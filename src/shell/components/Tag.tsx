/** A short label (a role, an amenity, a status). Tones are fixed so colours keep their meaning app-wide. */
import { Text } from '@tarojs/components'
import type { ReactNode } from 'react'

export type TagTone = 'neutral' | 'brand' | 'ok' | 'warn'

export function Tag({ tone = 'neutral', children }: { tone?: TagTone; children?: ReactNode }) {
  return <Text className={`nx-tag nx-tag--${tone}`}>{children}</Text>
}
