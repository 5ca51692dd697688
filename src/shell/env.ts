/**
 * Build-target flags. `process.env.TARO_ENV` is replaced by a literal at build time, so branches on
 * these constants are dead-code-eliminated from the other target (H5 dev tools never reach the
 * mini-program bundle). Under jest TARO_ENV is unset and tests pick the branch they exercise.
 */
export const isH5 = process.env.TARO_ENV === 'h5'
export const isWeapp = process.env.TARO_ENV === 'weapp'

/** The CloudBase environment id, injected by config/index.ts from TARO_APP_CLOUD_ENV ('' = default env). */
declare const CLOUD_ENV: string
export const cloudEnv: string = typeof CLOUD_ENV === 'string' ? CLOUD_ENV : ''
