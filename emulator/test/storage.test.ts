/**
 * Cloud storage through the real SDK (wire protocol §6.2): the 4.x PUT upload and the 2.x multipart POST
 * upload, temporary URLs (snake_case request, camelCase items, expiry), download, delete, missing files,
 * on-disk persistence and the H5 dev upload route.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmulator } from '../src/server'
import { loadCloud, startTestEmulator, useSdkEnv, type Emulator } from './support/emulator'

jest.setTimeout(30_000)

let emu: Emulator
let restore: () => void
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cloud: any

beforeAll(async () => {
  emu = await startTestEmulator()
  restore = useSdkEnv(emu, { openid: 'o-uploader' })
  cloud = loadCloud()
})

afterAll(async () => {
  restore()
  await emu.close()
})

const fileIdPrefix = () => `cloud://${emu.envId}.`

test('SDK 4 uploadFile (PUT flow) stores the bytes under a cloud:// file ID', async () => {
  const up = await cloud.uploadFile({ cloudPath: 'reports/2024/photo 1.png', fileContent: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]) })
  expect(up.fileID).toMatch(new RegExp(`^${fileIdPrefix().replace(/\./g, '\\.')}[a-z0-9-]+/reports/2024/photo 1\\.png$`))
  // wx-server-sdk reports statusCode -1 for uploads: nothing supplies a status (§6.2).
  expect(up).toMatchObject({ statusCode: -1, errMsg: 'uploadFile:ok' })
  const down = await cloud.downloadFile({ fileID: up.fileID })
  expect(Buffer.compare(down.fileContent, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]))).toBe(0)
})

test('SDK 2.6 uploadFile (multipart POST flow) works against the same fake COS', async () => {
  const cloud2 = loadCloud('wx-server-sdk-v2')
  const up = await cloud2.uploadFile({ cloudPath: 'v2/hello.txt', fileContent: Buffer.from('hello from v2') })
  expect(up.fileID.startsWith(fileIdPrefix())).toBe(true)
  const down = await cloud.downloadFile({ fileID: up.fileID })
  expect(down.fileContent.toString('utf8')).toBe('hello from v2')
})

test('temporary URLs are served over HTTP with the default and a custom maxAge', async () => {
  const { fileID } = await cloud.uploadFile({ cloudPath: 'tmp/a.txt', fileContent: Buffer.from('temp url body') })
  const res = await cloud.getTempFileURL({ fileList: [fileID, { fileID, maxAge: 120 }] })
  expect(res.fileList[0]).toMatchObject({ fileID, status: 0, errMsg: 'ok', maxAge: 86400 })
  expect(res.fileList[1]).toMatchObject({ fileID, status: 0, maxAge: 120 })
  const http = await fetch(res.fileList[0].tempFileURL)
  expect(http.status).toBe(200)
  expect(http.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(await http.text()).toBe('temp url body')
})

test('the wire answer uses camelCase items with code SUCCESS', async () => {
  const { fileID } = await cloud.uploadFile({ cloudPath: 'tmp/wire.txt', fileContent: Buffer.from('x') })
  const raw = await fetch(emu.adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: fileID, max_age: 60 }] }),
  }).then((r) => r.json())
  expect(raw.data.download_list).toEqual([{ fileID, tempFileURL: expect.stringContaining('/__files/tmp/wire.txt?'), code: 'SUCCESS', maxAge: 60 }])
})

test('a temporary URL stops working after it expires, and a tampered one never works', async () => {
  const { fileID } = await cloud.uploadFile({ cloudPath: 'tmp/expiring.txt', fileContent: Buffer.from('soon gone') })
  const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })
  const url = new URL(fileList[0].tempFileURL)
  const tampered = new URL(url)
  tampered.searchParams.set('t', String(Number(url.searchParams.get('t')) + 3600))
  expect((await fetch(tampered)).status).toBe(403)
  // Move the emulator's clock (same process) past the expiry instead of waiting.
  const realNow = Date.now()
  const spy = jest.spyOn(Date, 'now').mockReturnValue(realNow + 61_000)
  try {
    const expired = await fetch(url)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toMatch(/Request has expired/)
  } finally {
    spy.mockRestore()
  }
  expect((await fetch(url)).status).toBe(200)
})

test('deleteFile removes the file; later reads and deletes report STORAGE_FILE_NONEXIST', async () => {
  const { fileID } = await cloud.uploadFile({ cloudPath: 'tmp/delete-me.txt', fileContent: Buffer.from('bye') })
  const { fileList: [oldUrl] } = await cloud.getTempFileURL({ fileList: [fileID] })
  const del = await cloud.deleteFile({ fileList: [fileID] })
  expect(del.fileList).toEqual([{ fileID, status: 0, errMsg: 'ok' }])
  expect((await fetch(oldUrl.tempFileURL)).status).toBe(404)
  const again = await cloud.deleteFile({ fileList: [fileID] })
  expect(again.fileList[0]).toMatchObject({ fileID, status: -503003 })
  const urls = await cloud.getTempFileURL({ fileList: [fileID] })
  expect(urls.fileList[0]).toMatchObject({ fileID, status: -503003, tempFileURL: '' })
  const err = await cloud.downloadFile({ fileID }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(Error)
  expect(String(err.message)).toMatch(/storage file not exists/)
})

test('file IDs of another environment or bucket are missing files, not errors for the whole batch', async () => {
  const res = await cloud.getTempFileURL({ fileList: ['cloud://other-env.bucket/a.txt', 'not-a-file-id'] })
  expect(res.fileList.map((f: { status: number }) => f.status)).toEqual([-503003, -503003])
})

test('cloud paths that climb out of the bucket are refused', async () => {
  const err = await cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(Error)
  expect(String(err.message)).toMatch(/invalid cloudPath/)
})

test('the fake COS refuses uploads that were not granted by getUploadMetadata', async () => {
  const res = await fetch(`${emu.url}/__cos/sneaky.txt`, { method: 'PUT', body: 'x', headers: { 'x-cos-meta-fileid': 'forged' } })
  expect(res.status).toBe(403)
  expect(await res.text()).toMatch(/<Code>AccessDenied<\/Code>/)
})

test('POST /__dev/upload stores a file for the H5 front end and answers its fileID', async () => {
  const form = new FormData()
  form.append('cloudPath', 'h5/avatar.png')
  form.append('openid', 'o-h5')
  form.append('file', new Blob([Buffer.from('png-bytes')]), 'avatar.png')
  const res = await fetch(`${emu.url}/__dev/upload`, { method: 'POST', body: form })
  const body = (await res.json()) as { fileID: string }
  expect(body.fileID).toMatch(/\/h5\/avatar\.png$/)
  const down = await cloud.downloadFile({ fileID: body.fileID })
  expect(down.fileContent.toString()).toBe('png-bytes')
})

test('with a data folder, files are stored on disk and survive a restart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-storage-'))
  const first = await startEmulator({ dataDir: dir })
  const put = first.storage.put('kept/file.txt', Buffer.from('persisted'))
  await first.close()
  expect(fs.readFileSync(path.join(dir, 'storage', 'kept', 'file.txt'), 'utf8')).toBe('persisted')
  const second = await startEmulator({ dataDir: dir })
  try {
    const res = await fetch(emuAdmin(second), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: put }] }),
    }).then((r) => r.json())
    expect(await (await fetch(res.data.download_list[0].tempFileURL)).text()).toBe('persisted')
  } finally {
    await second.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

function emuAdmin(e: Emulator) {
  return e.adminUrl
}

describe('parameter checks and getFileAuthority (issue 10)', () => {
  const ids = (n: number) => Array.from({ length: n }, (_v, i) => `${fileIdPrefix()}bucket/many/${i}.txt`)

  test('deleteFile and getTempFileURL take at most 50 file ids; 50 still works', async () => {
    const del = await cloud.deleteFile({ fileList: ids(51) }).catch((e: unknown) => e)
    expect(del).toMatchObject({ errCode: -1, code: 'INVALID_PARAM' })
    expect(String(del.message)).toMatch(/^deleteFile:fail .*more than 50/)
    const url = await cloud.getTempFileURL({ fileList: ids(51) }).catch((e: unknown) => e)
    expect(url).toMatchObject({ errCode: -1, code: 'INVALID_PARAM' })
    expect(String(url.message)).toMatch(/^getTempFileURL:fail .*more than 50/)
    const fifty = await cloud.getTempFileURL({ fileList: ids(50) })
    expect(fifty.fileList).toHaveLength(50)
  })

  test('malformed lists sent straight to the server are refused whole, changing nothing', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'tmp/kept.txt', fileContent: Buffer.from('kept') })
    const post = (body: unknown) => fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
    for (const body of [
      { action: 'storage.batchDeleteFile', fileid_list: [fileID, 42] },
      { action: 'storage.batchDeleteFile', fileid_list: [fileID, ''] },
      { action: 'storage.batchDeleteFile', fileid_list: fileID },
      { action: 'storage.batchGetDownloadUrl', file_list: [fileID] },
      { action: 'storage.batchGetDownloadUrl', file_list: [] },
    ]) {
      expect(await post(body)).toMatchObject({ code: 'INVALID_PARAM' })
    }
    const still = await cloud.getTempFileURL({ fileList: [fileID] })
    expect(still.fileList[0]).toMatchObject({ fileID, status: 0 })
  })

  test('getFileAuthority (node-sdk only) answers read/write per path for the signed-in user', async () => {
    // wx-server-sdk does not expose getFileAuthority; the node-sdk it wraps does, and needs an end user.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app = require('@cloudbase/node-sdk').init({ env: emu.envId, serviceUrl: emu.adminUrl })
    const res = await app.getFileAuthority({ fileList: [{ path: 'reports/a.png', type: 'READ' }, { path: 'reports/b.png', type: 'READWRITE' }] })
    expect(res.data).toEqual([
      { path: 'reports/a.png', cosFileId: expect.stringMatching(/^cloud:\/\/.+\/reports\/a\.png$/), read: true, write: true },
      { path: 'reports/b.png', cosFileId: expect.stringMatching(/^cloud:\/\/.+\/reports\/b\.png$/), read: true, write: true },
    ])
    const bad = await app.getFileAuthority({ fileList: [{ path: 'x', type: 'DELETE' }] }).catch((e: unknown) => e)
    expect(String(bad.message)).toContain('getCosFileAuthority fileList param error')
    const raw = await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'storage.getFileAuthority', fileList: [{ path: 'x', type: 'READ' }] }) }).then((r) => r.json())
    expect(raw).toMatchObject({ code: 'INVALID_PARAM' }) // no end user (openId/uid): refused, as node-sdk refuses it
  })
})
