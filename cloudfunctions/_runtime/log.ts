/**
 * One structured log line per action (what the CloudBase console's log search indexes). Logs carry
 * the userId, never the OPENID or the payload, which may hold personal data.
 */
export interface ActionLog {
  fn: string
  action: string
  userId?: string
  code: string
  ms: number
  detail?: string
}

export function logAction(entry: ActionLog): void {
  if (process.env.NUANXIN_QUIET_LOGS === '1' && entry.code !== 'INTERNAL') return
  const line = JSON.stringify({ level: entry.code === 'INTERNAL' ? 'error' : 'info', ...entry })
  if (entry.code === 'INTERNAL') console.error(line)
  else console.log(line)
}
