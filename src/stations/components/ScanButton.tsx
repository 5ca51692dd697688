/** 扫码报到: opens the in-app scan (./scan.ts) and hands back what to tell the person when it led nowhere. */
import { Button, type ButtonProps } from '../../shell/components'
import { scanStationCode } from './scan'

export function ScanButton({ onMessage, ...button }: Omit<ButtonProps, 'onClick' | 'children'> & { onMessage: (message: string | undefined) => void }) {
  const scan = async () => {
    onMessage(undefined)
    onMessage((await scanStationCode()) ?? undefined)
  }
  return (
    <Button {...button} onClick={() => void scan()}>
      扫码报到
    </Button>
  )
}
