/**
 * The package's public entry (`@nuanxin/cloudbase-emulator`): start an emulator from code, the schema and
 * message-push formats a project writes, and the timer-trigger rules a build can check its config against.
 * Everything else under src/ is internal and may change without notice.
 */
export { startEmulator } from './server'
export type {
  ClientIdentity,
  Emulator,
  EmulatorOptions,
  MediaVerdictRule,
  MessagePushRoute,
  PushRecord,
  TimerClock,
  TimerFiring,
  TimerTrigger,
} from './server'
export type { CollectionSpec, DatabaseSchema, IndexKey, IndexSpec, Permission } from './schema'
export type { ActionContext, ActionHandler, ActionResult, ActionTable, CallerIdentity } from './actions'
export type { OutboxMessage, SensitiveWord } from './openapi/types'
export type { FunctionLogEntry, InvocationRecord } from './functions/service'
export type { DbRequestStats } from './functions/requests'
export { EmulatorError, PlatformCode } from './errors'
export { CronError, parseCron, cronError, type CronSchedule } from './functions/cron'
export { TRIGGER_NAME } from './functions/timers'
export { loadSchema } from './cli'
