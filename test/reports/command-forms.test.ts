/**
 * The report command forms' requirements: what is missing is said before 确定, and each form's
 * requirement matches the contract's schema minimums.
 */
import { commandForms, formRequirements, missingFor, noteLabel } from '../../src/reports/command-forms'
import { reportsContract } from '../../src/reports/contract'
import { allRejectionReasons, allSendBackReasons } from '../../src/reports/vocabulary'

const empty = { note: '', photos: 0, rating: 0 }

test('resolve needs an after-photo and a 2-character note, said before sending', () => {
  expect(missingFor('resolve', empty)).toEqual(['至少拍 1 张照片', '说明至少 2 个字（已写 0 个）'])
  expect(missingFor('resolve', { ...empty, photos: 1, note: ' 好 ' })).toEqual(['说明至少 2 个字（已写 1 个）'])
  expect(missingFor('resolve', { ...empty, photos: 1, note: '已挪' })).toEqual([])
  expect(noteLabel('resolve')).toBe('说明 *（必填，至少 2 个字）')
})

test('choices, ratings and optional notes', () => {
  expect(missingFor('dispatch', empty)).toEqual(['请选择部门'])
  expect(missingFor('dispatch', { ...empty, choice: 'dept-1' })).toEqual([])
  expect(missingFor('reject', empty)).toEqual(['请选择原因'])
  expect(missingFor('confirm', empty)).toEqual(['请选择评分'])
  expect(missingFor('confirm', { ...empty, rating: 4 })).toEqual([])
  expect(missingFor('note', empty)).toEqual(['请填写说明'])
  expect(noteLabel('reject')).toBe('说明（可选）')
})

test('each form asks for at least what the contract requires', () => {
  const actionOf = { reject: 'reject', dispatch: 'dispatch', transfer: 'transfer', note: 'addNote', resolve: 'resolve', send_back: 'sendBack', confirm: 'confirm', reopen: 'reopen' } as const
  for (const form of commandForms) {
    const action = reportsContract[actionOf[form]]
    const req = formRequirements[form]
    const values = { choice: req.choice ? 'x-1' : undefined, note: 'n'.repeat(req.noteMin ?? 0), photos: req.photosMin ?? 0, rating: req.rating ? 5 : 0 }
    if (missingFor(form, values).length === 0) {
      const photos = Array.from({ length: values.photos }, (_, i) => `cloud://env.bucket/reports/${'a'.repeat(24)}/${i}.jpg`)
      const payload: Record<string, unknown> = { reportId: 'r-1', note: values.note || undefined }
      if (form === 'reject') payload.reason = allRejectionReasons[0]
      if (form === 'send_back') payload.reason = allSendBackReasons[0]
      if (form === 'dispatch') payload.departmentId = 'dept-1'
      if (form === 'transfer') payload.gridId = 'grid-1'
      if (form === 'confirm') payload.rating = values.rating
      if (values.photos) payload.photos = photos
      // Meeting the form's requirements never leaves a field the schema refuses as too short or missing.
      expect(() => action.input.parse(payload)).not.toThrow()
    }
  }
})
