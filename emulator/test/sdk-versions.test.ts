/**
 * One smoke run each with wx-server-sdk 2.6.x and 3.0.x (installed side by side as wx-server-sdk-v2 and
 * -v3): a function call and a storage round trip, from the test process and from inside a function.
 * 2.x uploads with the COS multipart POST flow, 3.x+ with PUT (wire protocol §9).
 */
import { FIXTURE_FUNCTIONS, devCall, loadCloud, startTestEmulator, useSdkEnv, type Emulator } from './support/emulator'

jest.setTimeout(30_000)

let emu: Emulator
let restore: () => void

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS })
  restore = useSdkEnv(emu, { openid: 'o-legacy' })
})

afterAll(async () => {
  restore()
  await emu.close()
})

describe.each([
  ['wx-server-sdk-v2', 'smoke-v2'],
  ['wx-server-sdk-v3', 'smoke-v3'],
] as const)('%s', (pkg, fixture) => {
  test('callFunction and a storage round trip from the test process', async () => {
    const cloud = loadCloud(pkg)
    const { result } = await cloud.callFunction({ name: 'whoami', data: {} })
    expect(result.before).toMatchObject({ OPENID: 'o-legacy', SOURCE: 'wx_client' })
    const up = await cloud.uploadFile({ cloudPath: `${pkg}/outside.txt`, fileContent: Buffer.from(`from ${pkg}`) })
    const down = await cloud.downloadFile({ fileID: up.fileID })
    expect(down.fileContent.toString()).toBe(`from ${pkg}`)
    const del = await cloud.deleteFile({ fileList: [up.fileID] })
    expect(del.fileList[0].status).toBe(0)
  })

  test('the same inside a function that uses this SDK version', async () => {
    const r = await devCall(emu, fixture, { cloudPath: `${fixture}/inside.txt`, text: `inside ${fixture}` }, 'o-inside')
    expect(r.error).toBeUndefined()
    expect(r.result).toMatchObject({
      wx: { OPENID: 'o-inside', SOURCE: 'wx_client' },
      nested: { before: { OPENID: 'o-inside', SOURCE: 'wx_client,scf' } },
      fileID: expect.stringMatching(new RegExp(`^cloud://${emu.envId}\\..+/${fixture}/inside\\.txt$`)),
      tempFileURL: expect.stringContaining(`${emu.url}/__files/${fixture}/inside.txt?`),
      text: `inside ${fixture}`,
      deleted: 0,
    })
  })
})
