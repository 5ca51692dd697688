/**
 * What each staff/reporter command form of the report detail requires before it can be sent, so the
 * page marks required fields and shows what is still missing before 确定, instead of after a refusal.
 * Mirrors the contract's input schemas (src/reports/contract.ts); the server still validates.
 */

export const commandForms = ['reject', 'dispatch', 'transfer', 'note', 'resolve', 'send_back', 'confirm', 'reopen'] as const
export type CommandForm = (typeof commandForms)[number]

export interface FormRequirement {
  /** A choice among chips (reason, department, grid). */
  choice?: string
  /** Minimum characters of the note; absent means the note is optional. */
  noteMin?: number
  /** Minimum photos. */
  photosMin?: number
  /** A star rating 1–5. */
  rating?: boolean
}

export const formRequirements: Record<CommandForm, FormRequirement> = {
  reject: { choice: '原因' },
  send_back: { choice: '原因' },
  dispatch: { choice: '部门' },
  transfer: { choice: '网格' },
  note: { noteMin: 1 },
  resolve: { noteMin: 2, photosMin: 1 },
  confirm: { rating: true },
  reopen: { photosMin: 1 },
}

export interface FormValues {
  choice?: string
  note: string
  photos: number
  rating: number
}

/** The requirements still unmet, in the words shown under the form (empty when it can be sent). */
export function missingFor(form: CommandForm, values: FormValues): string[] {
  const req = formRequirements[form]
  const out: string[] = []
  if (req.choice && !values.choice) out.push(`请选择${req.choice}`)
  if (req.photosMin && values.photos < req.photosMin) out.push(`至少拍 ${req.photosMin} 张照片`)
  const length = [...values.note.trim()].length
  if (req.noteMin && length < req.noteMin) out.push(req.noteMin > 1 ? `说明至少 ${req.noteMin} 个字（已写 ${length} 个）` : '请填写说明')
  if (req.rating && values.rating < 1) out.push('请选择评分')
  return out
}

/** The note field's label: 必填 with its minimum, or 可选. */
export function noteLabel(form: CommandForm): string {
  const min = formRequirements[form].noteMin
  if (!min) return '说明（可选）'
  return min > 1 ? `说明 *（必填，至少 ${min} 个字）` : '说明 *（必填）'
}
