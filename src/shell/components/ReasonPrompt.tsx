/**
 * The inline "why?" step before an audited change (a rule edit, a restock, a revocation): what will happen,
 * a reason input (at least two characters), 取消 and the confirming button. Inline rather than an editable
 * Taro.showModal, which the H5 build does not support, so the step works the same in WeChat and in the browser.
 */
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Button } from './Button'

export const MIN_REASON_CHARS = 2

export interface ReasonPromptProps {
  /** What the change does, in one sentence; the prompt adds that a reason is required. */
  prompt: string
  placeholder?: string
  /** The input's accessible name. */
  label?: string
  confirmText?: string
  cancelText?: string
  /** A destructive change: the prompt reads in the danger colour and the confirming button stays secondary. */
  danger?: boolean
  loading?: boolean
  /** Already worded for people (describeError); shown under the input. */
  error?: string
  onCancel: () => void
  onConfirm: (reason: string) => void
}

export function ReasonPrompt({ prompt, placeholder = '请填写原因', label = '理由', confirmText = '确定', cancelText = '取消', danger, loading, error, onCancel, onConfirm }: ReasonPromptProps) {
  const [reason, setReason] = useState('')
  const trimmed = reason.trim()
  return (
    <View className={`nx-reason${danger ? ' nx-reason--danger' : ''}`}>
      <Text className='nx-reason__text'>{`${prompt}请写明理由（必填，至少 ${MIN_REASON_CHARS} 个字）：`}</Text>
      <Input className='nx-reason__input' value={reason} maxlength={200} placeholder={placeholder} aria-label={label} onInput={(e) => setReason(e.detail.value)} />
      {error ? <Text className='nx-reason__error'>{error}</Text> : null}
      <View className='nx-reason__actions'>
        <Button kind='secondary' onClick={onCancel}>
          {cancelText}
        </Button>
        <Button
          kind={danger ? 'secondary' : 'primary'}
          className={danger ? 'nx-reason__danger' : undefined}
          loading={loading}
          disabled={trimmed.length < MIN_REASON_CHARS}
          onClick={() => onConfirm(trimmed)}
        >
          {confirmText}
        </Button>
      </View>
    </View>
  )
}
