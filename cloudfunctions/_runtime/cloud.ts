/**
 * The one wx-server-sdk instance of a function. `init` at module scope is the platform idiom (the
 * runtime reuses warm instances); `getWXContext()` is NOT safe here and is read per invocation in
 * ./identity. On the emulator the same code is redirected by TCB_CONTEXT_CNFG, so nothing here is
 * emulator-specific.
 */
import * as cloud from 'wx-server-sdk'
import type { Database } from './db'

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export { cloud }

/**
 * `throwOnNotFound: false` makes `doc(id).get()` answer `{ data: null }` for a missing document,
 * inside transactions too, instead of throwing a string that would surface as INTERNAL.
 */
export function database(): Database {
  return cloud.database({ throwOnNotFound: false } as never) as unknown as Database
}
