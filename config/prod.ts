/** Production overrides: Taro minifies by default; nothing else differs yet. */
import type { UserConfigExport } from '@tarojs/cli'

export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>
