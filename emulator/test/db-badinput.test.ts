/**
 * Bad input on the wire (raw HTTP, no SDK): malformed JSON, wrong EJSON, unknown actions and operators,
 * deep nesting and huge values all get an error answer, and the emulator keeps serving afterwards.
 */
import { startEmulator, type Emulator } from '../src/server'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ memory: true, port: 0, schema: { collections: [{ name: 'c', permission: 'ADMINONLY' }] } })
})
afterAll(async () => {
  await emu.close()
})

async function post(body: string | object): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const get = (query: string) => post({ action: 'database.getDocument', collectionName: 'c', queryType: 'WHERE', query, limit: 10 })

test.each([
  ['malformed JSON body', '{"action": "database.getDocument", '],
  ['query that is not JSON', JSON.stringify({ action: 'database.getDocument', collectionName: 'c', queryType: 'WHERE', query: '{nope' })],
  ['$numberInt that is not a number', JSON.stringify({ action: 'database.getDocument', collectionName: 'c', query: '{"n":{"$numberInt":"abc"}}' })],
  ['$date that is not a date', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: ['{"d":{"$date":{"$numberLong":"x"}}}'] })],
  ['invalid regular expression', JSON.stringify({ action: 'database.getDocument', collectionName: 'c', query: '{"s":{"$regularExpression":{"pattern":"(","options":""}}}' })],
  ['unsupported EJSON type', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: ['{"b":{"$binary":{"base64":"","subType":"00"}}}'] })],
  ['insert data not an array', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: '{"a":1}' })],
  ['document that is an array', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: ['[1,2]'] })],
  ['field name starting with $', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: ['{"$where":1}'] })],
  ['__proto__ key', JSON.stringify({ action: 'database.insertDocument', collectionName: 'c', data: ['{"__proto__":{"x":1}}'] })],
  ['negative limit', JSON.stringify({ action: 'database.getDocument', collectionName: 'c', query: '{}', limit: -5 })],
  ['unknown action', JSON.stringify({ action: 'database.dropEverything' })],
  ['unknown operator', JSON.stringify({ action: 'database.getDocument', collectionName: 'c', query: '{"a":{"$where":"1"}}' })],
  ['unknown update operator', JSON.stringify({ action: 'database.modifyDocument', collectionName: 'c', queryType: 'WHERE', query: '{}', data: '{"$explode":{"a":1}}' })],
  ['unknown pipeline stage', JSON.stringify({ action: 'database.aggregateDocuments', collectionName: 'c', stages: [{ stageKey: '$out', stageValue: '"x"' }] })],
  ['collection name not a string', JSON.stringify({ action: 'database.getDocument', collectionName: { $gt: '' } })],
  ['commit of an unknown transaction', JSON.stringify({ action: 'database.commitTransaction', transactionId: 'nope' })],
])('%s → error answer with a code', async (_name, body) => {
  const r = await post(body)
  expect(r.status).toBe(200)
  expect(typeof r.json.code).toBe('string')
  expect(String(r.json.message).length).toBeGreaterThan(0)
})

test('deep nesting is refused at 100 levels, not by a stack overflow', async () => {
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
  const r = await get(deep)
  expect(r.json.code).toBe('INVALID_PARAM')
  expect(String(r.json.message)).toContain('nesting')
  const deepArr = '['.repeat(100000) + ']'.repeat(100000)
  const r2 = await post({ action: 'database.insertDocument', collectionName: 'c', data: [`{"x":${deepArr}}`] })
  expect(typeof r2.json.code).toBe('string')
})

test('huge values: a very long string query works, an oversized body is answered with an error', async () => {
  const long = 'x'.repeat(1_000_000)
  const r = await get(JSON.stringify({ s: long }))
  expect(r.json.code).toBeUndefined()
  expect((r.json.data as { list: unknown[] }).list).toEqual([])
  const huge = await post({ action: 'database.insertDocument', collectionName: 'c', data: [JSON.stringify({ s: 'y'.repeat(20 * 1024 * 1024) })] }).catch((e: Error) => ({ status: 0, json: { code: 'CONNECTION_CLOSED', message: e.message } }))
  expect(typeof huge.json.code).toBe('string')
})

test('after all of that the emulator still serves', async () => {
  const ins = await post({ action: 'database.insertDocument', collectionName: 'c', data: ['{"_id":"ok","n":{"$numberInt":"1"}}'] })
  expect(ins.json.data).toEqual({ insertedIds: ['ok'] })
  const r = await get('{"n":{"$gte":{"$numberInt":"1"}}}')
  expect((r.json.data as { list: string[] }).list).toEqual(['{"_id":"ok","n":1}'])
})
