/**
 * Roster export as CSV that Excel opens with Chinese intact: UTF-8 with a byte-order mark, CRLF line
 * ends, RFC 4180 quoting. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are
 * prefixed with an apostrophe, so a nickname cannot smuggle a formula into the captain's Excel.
 * Node-free (the page saves the text it receives).
 */
import { chinaDateKey } from '../core/time'
import { memberRoleLabel, memberStateLabel, type MemberRole, type MemberState } from './vocabulary'

export const UTF8_BOM = '\uFEFF'

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return UTF8_BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export interface RosterRow {
  nickname: string
  volunteerNo: string
  role: MemberRole
  state: MemberState
  joinedAt: Date | string
  hours: number
}

export const rosterHeader = ['序号', '昵称', '志愿者编号', '角色', '状态', '入队日期', '累计服务时长（小时）']

export function rosterCsv(rows: RosterRow[]): string {
  return toCsv(
    rosterHeader,
    rows.map((r, i) => [i + 1, r.nickname, r.volunteerNo, memberRoleLabel[r.role], memberStateLabel[r.state], chinaDateKey(new Date(r.joinedAt)), r.hours]),
  )
}

export function rosterFileName(teamName: string, now: Date): string {
  return `${teamName.replace(/[\\/:*?"<>|\s]+/g, '')}-队员名单-${chinaDateKey(now)}.csv`
}
