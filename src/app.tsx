/**
 * App root. Sets up what must exist before any page: the dayjs locale and WeChat's privacy hook.
 * The cloud SDK is initialised lazily by the transport on the first call.
 */
import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { installPrivacyHandler } from './shell/privacy'
import './shell/time'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    installPrivacyHandler()
  })
  // children are the pages Taro renders.
  return children
}

export default App
