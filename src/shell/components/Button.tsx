/**
 * The app's button: a Taro <Button> (native in the mini-program, so open-type abilities work) sized for
 * gloved thumbs. A loading button ignores taps, so an action cannot be sent twice.
 */
import { Button as TaroButton } from '@tarojs/components'
import type { ButtonProps as TaroButtonProps } from '@tarojs/components'
import type { ReactNode } from 'react'

export type ButtonKind = 'primary' | 'secondary' | 'plain'

export interface ButtonProps extends Omit<TaroButtonProps, 'type' | 'size' | 'onClick' | 'loading' | 'disabled' | 'className' | 'children'> {
  kind?: ButtonKind
  small?: boolean
  block?: boolean
  loading?: boolean
  disabled?: boolean
  className?: string
  onClick?: () => void
  children?: ReactNode
}

export function Button({ kind = 'primary', small, block, loading, disabled, className, onClick, children, ...rest }: ButtonProps) {
  const classes = ['nx-button', `nx-button--${kind}`, small && 'nx-button--small', block && 'nx-button--block', (disabled || loading) && 'nx-button--disabled', className]
    .filter(Boolean)
    .join(' ')
  return (
    <TaroButton
      {...rest}
      className={classes}
      loading={loading}
      disabled={disabled}
      onClick={() => {
        if (!loading && !disabled) onClick?.()
      }}
    >
      {children}
    </TaroButton>
  )
}
