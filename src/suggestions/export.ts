/**
 * The suggestions register as CSV for the street's Excel (same CSV rules as the roster export): one row a
 * suggestion with its state, owner department, promised date, first-answer time (answered_at) and days
 * to answer, all times in China time. Never the author. Pure; the function sends the text.
 */
import { chinaDateKey, formatHhMm, chinaParts } from '../core/time'
import { toCsv } from '../volunteers/roster-csv'
import type { SuggestionDoc } from './model'
import { notAdoptedReasonLabel, suggestionCategoryLabel, suggestionStateLabel } from './vocabulary'

export const suggestionExportHeader = ['编号', '街道', '类别', '建议内容', '地点', '+1 数', '状态', '责任部门', '承诺完成日期', '暂不采纳原因', '公开答复', '提出时间', '首次答复时间', '答复用时（天）', '解决时间']

const chinaTime = (d: Date | undefined) => (d ? `${chinaDateKey(d)} ${formatHhMm(chinaParts(d).minuteOfDay)}` : '')

export function suggestionsCsv(rows: readonly SuggestionDoc[]): string {
  return toCsv(
    suggestionExportHeader,
    rows.map((s) => [
      s._id,
      s.streetName,
      suggestionCategoryLabel[s.categoryId],
      s.text,
      s.place ?? '',
      s.supportCount,
      suggestionStateLabel[s.state],
      s.departmentName ?? '',
      s.promisedDate ?? '',
      s.reason ? notAdoptedReasonLabel[s.reason] : '',
      s.publicReply ?? '',
      chinaTime(s.createdAt),
      chinaTime(s.answeredAt),
      s.answeredAt ? Math.round(((s.answeredAt.getTime() - s.createdAt.getTime()) / 86_400_000) * 10) / 10 : '',
      chinaTime(s.solvedAt),
    ]),
  )
}
