/**
 * The 7-field cron expressions of CloudBase / SCF timer triggers (`config.json` `triggers[].config`):
 *
 *   second minute hour day-of-month month day-of-week year
 *   0-59   0-59   0-23 1-31         1-12  0-6         1970-2099
 *
 * Each field is `*`, a number, a range `a-b`, a list `a,b,…`, or a step `*\/n`, `a-b/n`, `a/n` (from a to the
 * field's maximum). Months accept JAN…DEC, days of the week SUN…SAT (0 = Sunday), case-insensitive.
 * Times are China time (Asia/Shanghai, UTC+8 all year: no DST), as the platform schedules them.
 *
 * Day-of-month and day-of-week: when both are restricted (neither is exactly `*`), a day matches if EITHER
 * matches, as in classic cron; the WeChat and CloudBase docs state the "或" (OR) relation. When one is `*`,
 * only the other one counts. (`*\/2` counts as restricted here; Vixie cron would treat it as `*` — a choice.)
 *
 * Pure: no timers, no clock. `next(after)` answers the first firing strictly after `after` (ms since epoch).
 */

/** China time has been UTC+8 without daylight saving since 1991; the platform uses it for every trigger. */
export const CHINA_OFFSET_MS = 8 * 3600_000

export class CronError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronError'
  }
}

interface FieldSpec {
  name: string
  min: number
  max: number
  names?: Record<string, number>
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { name: 'day-of-week', min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
  { name: 'year', min: 1970, max: 2099 },
]

export const CRON_MAX_YEAR = 2099

export interface CronSchedule {
  /** The expression as given. */
  readonly source: string
  /** Whether a firing is due at this instant (ms since epoch; the milliseconds are ignored). */
  matches(time: number | Date): boolean
  /** The first firing strictly after `after` (ms since epoch), or null when there is none up to 2099. */
  next(after: number | Date): number | null
}

/** Parses a 7-field expression; throws CronError naming the offending field. */
export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== 'string') throw new CronError('cron expression must be a string')
  const parts = expression.trim().split(/\s+/).filter(Boolean)
  if (parts.length !== 7) {
    throw new CronError(`cron expression "${expression}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; expected 7 (second minute hour day-of-month month day-of-week year)`)
  }
  const sets = parts.map((text, i) => parseField(text, FIELDS[i], expression))
  const [seconds, minutes, hours, doms, months, dows, years] = sets
  const domStar = parts[3] === '*'
  const dowStar = parts[5] === '*'

  const dayMatches = (dom: number, dow: number) => {
    if (domStar && dowStar) return true
    if (domStar) return dows.has(dow)
    if (dowStar) return doms.has(dom)
    return doms.has(dom) || dows.has(dow)
  }

  const matches = (time: number | Date) => {
    const d = new Date(+time + CHINA_OFFSET_MS)
    return (
      years.has(d.getUTCFullYear()) &&
      months.has(d.getUTCMonth() + 1) &&
      dayMatches(d.getUTCDate(), d.getUTCDay()) &&
      hours.has(d.getUTCHours()) &&
      minutes.has(d.getUTCMinutes()) &&
      seconds.has(d.getUTCSeconds())
    )
  }

  const next = (after: number | Date): number | null => {
    // Work on China wall-clock time expressed as a UTC instant, then shift back.
    let t = (Math.floor((+after + CHINA_OFFSET_MS) / 1000) + 1) * 1000
    const lastYear = Math.max(...years)
    // Each step moves to the start of the next candidate unit, so the loop is bounded by a few thousand steps.
    for (;;) {
      const d = new Date(t)
      const y = d.getUTCFullYear()
      if (y > lastYear) return null
      if (!years.has(y)) {
        t = Date.UTC(y + 1, 0, 1)
        continue
      }
      const mo = d.getUTCMonth()
      if (!months.has(mo + 1)) {
        t = Date.UTC(y, mo + 1, 1)
        continue
      }
      const day = d.getUTCDate()
      if (!dayMatches(day, d.getUTCDay())) {
        t = Date.UTC(y, mo, day + 1)
        continue
      }
      const h = d.getUTCHours()
      if (!hours.has(h)) {
        t = Date.UTC(y, mo, day, h + 1)
        continue
      }
      const mi = d.getUTCMinutes()
      if (!minutes.has(mi)) {
        t = Date.UTC(y, mo, day, h, mi + 1)
        continue
      }
      if (!seconds.has(d.getUTCSeconds())) {
        t += 1000
        continue
      }
      return t - CHINA_OFFSET_MS
    }
  }

  return { source: expression, matches, next }
}

/** Whether the expression parses; the error message otherwise. */
export function cronError(expression: string): string | undefined {
  try {
    parseCron(expression)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const fail = (why: string): never => {
    throw new CronError(`cron expression "${expression}": ${spec.name} field "${text}": ${why} (allowed ${spec.min}-${spec.max}${spec.names ? ` or ${Object.keys(spec.names)[0]}-${Object.keys(spec.names).slice(-1)[0]}` : ''})`)
  }
  const out = new Set<number>()
  for (const item of text.split(',')) {
    if (item === '') fail('empty list item')
    const slash = item.split('/')
    if (slash.length > 2) fail('more than one "/"')
    const [rangeText, stepText] = slash
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(`invalid step "${stepText}"`)
      step = Number(stepText)
    }
    let lo: number
    let hi: number
    if (rangeText === '*') {
      lo = spec.min
      hi = spec.max
    } else {
      const dash = rangeText.split('-')
      if (dash.length > 2) fail(`invalid range "${rangeText}"`)
      lo = value(dash[0], spec, fail)
      if (dash.length === 2) {
        hi = value(dash[1], spec, fail)
        if (hi < lo) fail(`range "${rangeText}" runs backwards`)
      } else {
        // `a/n` runs from a to the field's maximum; a plain `a` is just a.
        hi = stepText !== undefined ? spec.max : lo
      }
    }
    for (let v = lo; v <= hi; v += step) out.add(v)
  }
  return out
}

function value(text: string, spec: FieldSpec, fail: (why: string) => never): number {
  if (text === '') fail('empty value')
  const named = spec.names?.[text.toUpperCase()]
  if (named !== undefined) return named
  if (!/^\d+$/.test(text)) fail(`invalid value "${text}"`)
  const n = Number(text)
  if (n < spec.min || n > spec.max) fail(`${n} is out of range`)
  return n
}
