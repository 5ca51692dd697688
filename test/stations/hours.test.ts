/** Opening hours: open-now with live status, next change and its Chinese text, weekly text, validation. */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { AppError } from '../../src/core/errors'
import { isWithinHours, type OpeningHours } from '../../src/stations/model'
import {
  dayHoursText,
  effectiveLiveStatus,
  isOpenAt,
  isWithinOpeningHours,
  nextChange,
  openingHoursSchema,
  stationStatusAt,
  weeklyHoursLines,
  type HoursSubject,
  type HoursWithExceptions,
} from '../../src/stations/hours'

// 2025-06-02 is a Monday. All times below are China time.
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)
const MON = '2025-06-02'
const TUE = '2025-06-03'
const FRI = '2025-06-06'
const SAT = '2025-06-07'
const SUN = '2025-06-08'

const weekdays = [{ open: '08:00', close: '22:00' }]
const shop: OpeningHours = {
  always: false,
  weekly: { 1: weekdays, 2: weekdays, 3: weekdays, 4: weekdays, 5: weekdays, 6: [{ open: '10:00', close: '18:00' }] },
}
const nightOwl: OpeningHours = { always: false, weekly: { 5: [{ open: '18:00', close: '02:00' }] } }
const station = (hours: HoursWithExceptions | null, liveStatus: HoursSubject['liveStatus'] = 'open', liveStatusUntil?: Date): HoursSubject => ({
  hours,
  liveStatus,
  liveStatusUntil,
})

describe('per-weekday hours', () => {
  it('opens at the opening minute and closes at the closing minute', () => {
    expect(isOpenAt(station(shop), at(MON, '07:59'))).toBe(false)
    expect(isOpenAt(station(shop), at(MON, '08:00'))).toBe(true)
    expect(isOpenAt(station(shop), at(MON, '21:59'))).toBe(true)
    expect(isOpenAt(station(shop), at(MON, '22:00'))).toBe(false)
  })

  it('says when it closes today, and when it opens next: today, tomorrow, the day after, or by weekday', () => {
    expect(stationStatusAt(station(shop), at(MON, '12:00')).text).toBe('营业至 22:00')
    expect(stationStatusAt(station(shop), at(MON, '06:30')).text).toBe('今天 08:00 开门')
    expect(stationStatusAt(station(shop), at(MON, '22:30')).text).toBe('明天 08:00 开门')
    expect(stationStatusAt(station(shop), at(SUN, '12:00')).text).toBe('明天 08:00 开门')
    expect(stationStatusAt(station(shop), at(SAT, '19:00')).text).toBe('后天 08:00 开门')
    const onlyMonday: OpeningHours = { always: false, weekly: { 1: weekdays } }
    expect(stationStatusAt(station(onlyMonday), at(TUE, '09:00')).text).toBe('周一 08:00 开门')
  })

  it('treats a closed day as closed all day', () => {
    const sunday = stationStatusAt(station(shop), at(SUN, '12:00'))
    expect(sunday).toMatchObject({ state: 'closed', openNow: false, closedReason: 'hours', withinHours: false })
    expect(sunday.nextChange).toEqual({ kind: 'opens', at: at('2025-06-09', '08:00') })
  })

  it('never opening within a week reads 暂停营业', () => {
    const empty: OpeningHours = { always: false, weekly: {} }
    expect(nextChange(empty, at(MON, '12:00'))).toBeNull()
    expect(stationStatusAt(station(empty), at(MON, '12:00')).text).toBe('暂停营业')
  })
})

describe('ranges past midnight', () => {
  it('a Friday 18:00–02:00 range runs into Saturday morning, even though Saturday is closed', () => {
    expect(isOpenAt(station(nightOwl), at(FRI, '17:59'))).toBe(false)
    expect(isOpenAt(station(nightOwl), at(FRI, '23:30'))).toBe(true)
    expect(isOpenAt(station(nightOwl), at(SAT, '01:59'))).toBe(true)
    expect(isOpenAt(station(nightOwl), at(SAT, '02:00'))).toBe(false)
  })

  it('reads 营业至次日 02:00 before midnight and 营业至 02:00 after it', () => {
    expect(stationStatusAt(station(nightOwl), at(FRI, '23:00')).text).toBe('营业至次日 02:00')
    expect(stationStatusAt(station(nightOwl), at(SAT, '00:30')).text).toBe('营业至 02:00')
    expect(nextChange(nightOwl, at(SAT, '00:30'))).toEqual({ kind: 'closes', at: at(SAT, '02:00') })
  })

  it('merges a range that ends at 24:00 with the next day opening at 00:00', () => {
    const twoDays: OpeningHours = { always: false, weekly: { 1: [{ open: '08:00', close: '24:00' }], 2: [{ open: '00:00', close: '06:00' }] } }
    expect(nextChange(twoDays, at(MON, '20:00'))).toEqual({ kind: 'closes', at: at(TUE, '06:00') })
    expect(stationStatusAt(station(twoDays), at(MON, '20:00')).text).toBe('营业至次日 06:00')
  })

  it('a range closing at midnight reads 营业至 24:00', () => {
    const toMidnight: OpeningHours = { always: false, weekly: { 1: [{ open: '08:00', close: '24:00' }] } }
    expect(stationStatusAt(station(toMidnight), at(MON, '23:00')).text).toBe('营业至 24:00')
  })
})

describe('24 hours', () => {
  it('is always open with no next change and reads 24小时', () => {
    const s = stationStatusAt(station({ always: true }), at(SUN, '03:00'))
    expect(s).toMatchObject({ state: 'open', openNow: true, nextChange: null, text: '24小时' })
  })

  it('seven days of 00:00–24:00 is the same as always', () => {
    const allDay = [{ open: '00:00', close: '24:00' }]
    const weekly: OpeningHours = { always: false, weekly: { 0: allDay, 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay } }
    expect(stationStatusAt(station(weekly), at(TUE, '04:00')).text).toBe('24小时')
  })

  it('a holiday exception closes a 24-hour station for that date only', () => {
    const hours: HoursWithExceptions = { always: true, exceptions: [{ date: TUE, ranges: [], note: '设备检修' }] }
    expect(stationStatusAt(station(hours), at(MON, '12:00')).text).toBe('营业至 24:00')
    expect(isOpenAt(station(hours), at(TUE, '12:00'))).toBe(false)
    expect(stationStatusAt(station(hours), at(TUE, '12:00')).text).toBe('明天 00:00 开门')
    expect(isOpenAt(station(hours), at('2025-06-04', '00:00'))).toBe(true)
    expect(dayHoursText(hours, at(TUE, '09:00'))).toBe('休息（设备检修）')
  })

  it('an exception with special hours replaces the weekday hours', () => {
    const hours: HoursWithExceptions = { ...shop, exceptions: [{ date: MON, ranges: [{ open: '10:00', close: '14:00' }] }] }
    expect(isOpenAt(station(hours), at(MON, '09:00'))).toBe(false)
    expect(stationStatusAt(station(hours), at(MON, '11:00')).text).toBe('营业至 14:00')
  })
})

describe('live status set by the manager', () => {
  it('closed wins over the hours', () => {
    const s = stationStatusAt(station({ always: true }, 'closed'), at(MON, '12:00'))
    expect(s).toMatchObject({ state: 'closed', openNow: false, closedReason: 'manager', withinHours: true, text: '暂停开放' })
  })

  it('full during hours is open-but-full: kept by open-now, badged 已满', () => {
    const s = stationStatusAt(station(shop, 'full'), at(MON, '12:00'))
    expect(s).toMatchObject({ state: 'full', openNow: true, text: '已满 · 营业至 22:00' })
    expect(isOpenAt(station(shop, 'full'), at(MON, '12:00'))).toBe(true)
  })

  it('neither full nor open opens a station outside its hours', () => {
    expect(stationStatusAt(station(shop, 'full'), at(SUN, '12:00'))).toMatchObject({ state: 'closed', closedReason: 'hours' })
    expect(isOpenAt(station(shop, 'open'), at(SUN, '12:00'))).toBe(false)
  })

  it('a temporary status lapses back to the hours at liveStatusUntil', () => {
    const until = at(MON, '15:30')
    const closedUntil = station(shop, 'closed', until)
    expect(stationStatusAt(closedUntil, at(MON, '12:00')).text).toBe('暂停开放，预计今天 15:30 恢复')
    expect(isOpenAt(closedUntil, at(MON, '15:29'))).toBe(false)
    expect(isOpenAt(closedUntil, at(MON, '15:30'))).toBe(true)
    expect(effectiveLiveStatus(station(shop, 'full', until), at(MON, '16:00'))).toBe('open')
    expect(effectiveLiveStatus(station(shop, 'full', until), at(MON, '15:00'))).toBe('full')
  })

  it('a station without hours is never open-now', () => {
    expect(stationStatusAt(station(null), at(MON, '12:00'))).toMatchObject({ state: 'closed', closedReason: 'unknown', text: '营业时间待更新' })
  })
})

describe('time zone independence', () => {
  // A child process per host zone: jest sandboxes process.env, so changing TZ in-process proves nothing.
  const probe = `
    const { stationStatusAt, dayHoursText } = require(${JSON.stringify(path.resolve(__dirname, '../../src/stations/hours.ts'))})
    const night = { always: false, weekly: { 5: [{ open: '18:00', close: '02:00' }] } }
    const shop = ${JSON.stringify(shop)}
    const instant = new Date('2025-06-06T23:30:00+08:00')
    process.stdout.write(JSON.stringify({
      localHour: instant.getHours(),
      status: stationStatusAt({ hours: night, liveStatus: 'open' }, instant),
      sunday: dayHoursText(shop, new Date('2025-06-08T23:30:00+08:00')),
    }))`
  const runIn = (tz: string) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })
    if (out.status !== 0) throw new Error(out.stderr)
    return JSON.parse(out.stdout)
  }

  it('gives the same answers whatever the host zone is', () => {
    const utc = runIn('UTC')
    const ny = runIn('America/New_York')
    const shanghai = runIn('Asia/Shanghai')
    // The host zone really differed between the runs...
    expect([utc.localHour, ny.localHour, shanghai.localHour]).toEqual([15, 11, 23])
    // ...and the rules did not move.
    expect(ny.status).toEqual(utc.status)
    expect(shanghai.status).toEqual(utc.status)
    expect(utc.status.text).toBe('营业至次日 02:00')
    expect([utc.sunday, ny.sunday, shanghai.sunday]).toEqual(['休息', '休息', '休息'])
  })
})

describe('agrees with the model rule isWithinHours', () => {
  const schedules: OpeningHours[] = [
    shop,
    nightOwl,
    { always: true },
    { always: false, weekly: { 0: [{ open: '22:00', close: '06:00' }], 3: [{ open: '08:30', close: '12:00' }, { open: '13:30', close: '24:00' }] } },
  ]
  it('on every half hour of a week', () => {
    for (const hours of schedules) {
      for (let m = 0; m < 7 * 1440; m += 30) {
        const t = new Date(at(MON, '00:00').getTime() + m * 60_000)
        expect([hours, t.toISOString(), isWithinOpeningHours(hours, t)]).toEqual([hours, t.toISOString(), isWithinHours(hours, t)])
      }
    }
  })
})

describe('display text', () => {
  it('shows a day with split and overnight ranges', () => {
    const split: OpeningHours = { always: false, weekly: { 1: [{ open: '08:30', close: '12:00' }, { open: '18:00', close: '02:00' }] } }
    expect(dayHoursText(split, at(MON, '10:00'))).toBe('08:30–12:00、18:00–次日 02:00')
    expect(dayHoursText({ always: true }, at(MON, '10:00'))).toBe('24小时')
    expect(dayHoursText(undefined, at(MON, '10:00'))).toBe('营业时间待更新')
  })

  it('groups consecutive weekdays with equal hours, Monday first', () => {
    expect(weeklyHoursLines(shop)).toEqual(['周一至周五 08:00–22:00', '周六 10:00–18:00', '周日 休息'])
    const weekend: OpeningHours = { always: false, weekly: { 1: weekdays, 2: weekdays, 3: weekdays, 4: weekdays, 5: weekdays } }
    expect(weeklyHoursLines(weekend)).toEqual(['周一至周五 08:00–22:00', '周六、周日 休息'])
    expect(weeklyHoursLines({ always: true })).toEqual(['每天 24小时'])
    const daily = { open: '09:00', close: '21:00' }
    expect(weeklyHoursLines({ always: false, weekly: { 0: [daily], 1: [daily], 2: [daily], 3: [daily], 4: [daily], 5: [daily], 6: [daily] } })).toEqual([
      '每天 09:00–21:00',
    ])
  })
})

describe('openingHoursSchema', () => {
  const schema = openingHoursSchema()
  const fails = (value: unknown): AppError => {
    try {
      schema.parse(value, 'hours')
    } catch (e) {
      return e as AppError
    }
    throw new Error('expected the schema to reject')
  }

  it('accepts weekly hours with overnight ranges and exceptions, dropping unknown keys', () => {
    const parsed = schema.parse(
      { always: false, weekly: { 1: [{ open: '08:00', close: '22:00', extra: 1 }], 5: [{ open: '18:00', close: '02:00' }], 6: [] }, exceptions: [{ date: '2025-10-01', ranges: [] }], hack: true },
      'hours',
    )
    expect(parsed).toEqual({
      always: false,
      weekly: { 1: [{ open: '08:00', close: '22:00' }], 5: [{ open: '18:00', close: '02:00' }] },
      exceptions: [{ date: '2025-10-01', ranges: [] }],
    })
  })

  it('accepts 24 hours with a note', () => {
    expect(schema.parse({ always: true, note: ' 节假日照常 ' }, 'hours')).toEqual({ always: true, note: '节假日照常' })
  })

  it.each([
    ['not an object', 'closed', 'hours'],
    ['missing always', { weekly: {} }, 'hours.always'],
    ['bad open time', { always: false, weekly: { 1: [{ open: '25:00', close: '22:00' }] } }, 'hours.weekly.1[0].open'],
    ['open at 24:00', { always: false, weekly: { 1: [{ open: '24:00', close: '02:00' }] } }, 'hours.weekly.1[0].open'],
    ['bad close time', { always: false, weekly: { 2: [{ open: '08:00', close: '8pm' }] } }, 'hours.weekly.2[0].close'],
    ['same open and close', { always: false, weekly: { 1: [{ open: '08:00', close: '08:00' }] } }, 'hours.weekly.1[0]'],
    ['overlapping ranges', { always: false, weekly: { 1: [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '14:00' }] } }, 'hours.weekly.1'],
    ['a range after an overnight one', { always: false, weekly: { 1: [{ open: '20:00', close: '02:00' }, { open: '21:00', close: '23:00' }] } }, 'hours.weekly.1'],
    ['too many ranges', { always: false, weekly: { 1: ['06', '08', '10', '12', '14'].map((h) => ({ open: `${h}:00`, close: `${h}:30` })) } }, 'hours.weekly.1'],
    ['overnight overlapping the next day', { always: false, weekly: { 5: [{ open: '18:00', close: '03:00' }], 6: [{ open: '02:00', close: '10:00' }] } }, 'hours.weekly.6'],
    ['no open range at all', { always: false, weekly: { 1: [] } }, 'hours.weekly'],
    ['bad exception date', { always: true, exceptions: [{ date: '2025-13-01', ranges: [] }] }, 'hours.exceptions[0].date'],
    ['duplicate exception date', { always: true, exceptions: [{ date: '2025-10-01', ranges: [] }, { date: '2025-10-01', ranges: [] }] }, 'hours.exceptions[1].date'],
    ['too many exceptions', { always: true, exceptions: Array.from({ length: 61 }, (_, i) => ({ date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, ranges: [] })) }, 'hours.exceptions'],
    ['long note', { always: true, note: '很'.repeat(51) }, 'hours.note'],
  ])('rejects %s naming the field', (_label, value, field) => {
    const error = fails(value)
    expect(error).toBeInstanceOf(AppError)
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.field).toBe(field)
  })

  it('explains how to enter a full day', () => {
    expect(fails({ always: false, weekly: { 1: [{ open: '08:00', close: '08:00' }] } }).message).toContain('00:00–24:00')
  })
})
