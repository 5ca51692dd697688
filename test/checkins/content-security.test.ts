/**
 * Content security on the Party-registration texts others read, through the emulator's msgSecCheck word
 * list with the real wx-server-sdk: the organisation an applicant names (the reviewing admin; the check-in
 * record once approved) and the admin's review reason (the applicant). A risky text is refused naming its
 * field; no application is stored or changed.
 */
import { Collection } from '../../src/core/collections'
import { startProject, type Project } from '../support/project'
import { expectContentRefused } from '../support/envelopes'

jest.setTimeout(120_000)

const RISKY = '加微信领红包'
const APPLICANT = 'o-cs-party'
let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['checkins'] })
})
afterAll(async () => {
  await app?.close()
})


const application = async () => (await app.db.collection(Collection.partyApplications).where({ userId: app.userIdOf(APPLICANT) }).get()).data[0] as { status: string; reason?: string } | undefined

test('an organisation with a prohibited word is refused naming organisation; no application is stored', async () => {
  expectContentRefused(await app.call('checkins', 'partyApply', { organisation: `娄葑街道${RISKY}党支部`, contact: '13800005678' }, APPLICANT), 'organisation', /党组织/)
  expect(await application()).toBeUndefined()
  expect(await app.call('checkins', 'partyApply', { organisation: '娄葑街道快递行业党支部', contact: '13800005678' }, APPLICANT)).toMatchObject({ ok: true, data: { status: 'pending' } })
})

test('a review reason with a prohibited word is refused naming reason; the application stays pending', async () => {
  const applicationId = app.userIdOf(APPLICANT)
  expectContentRefused(await app.callAs('admin', 'checkins', 'partyReview', { applicationId, decision: 'reject', reason: `材料不全，${RISKY}` }), 'reason', /理由/)
  expect(await application()).toMatchObject({ status: 'pending' })
  expect(await app.callAs('admin', 'checkins', 'partyReview', { applicationId, decision: 'reject', reason: '请补充党组织关系证明' })).toMatchObject({ ok: true, data: { status: 'rejected' } })
})
