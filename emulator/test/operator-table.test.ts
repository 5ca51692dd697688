/**
 * Keeps the README's operator table honest: regenerated from the installed SDK and the engine it must equal
 * the committed one, every refused operator has its reason in DATABASE.md, and the gaps of issue 10 are
 * supported.
 */
import fs from 'node:fs'
import { buildOperatorRows, DATABASE_MD, README, readmeWithTable, renderTable } from '../scripts/operator-table'

jest.setTimeout(60_000)

const rows = buildOperatorRows()

test('the README operator table is what the code generates (run `npm run docs` in emulator/ when this fails)', () => {
  const readme = fs.readFileSync(README, 'utf8')
  expect(readmeWithTable(readme, renderTable(rows))).toBe(readme)
})

test('every refused operator has a reason in DATABASE.md', () => {
  const doc = fs.readFileSync(DATABASE_MD, 'utf8')
  const section = doc.slice(doc.indexOf('## Refused operators'))
  for (const r of rows.filter((x) => !x.supported)) expect(section).toContain(`\`${r.wire}\``)
})

test('the operators issue 10 named are supported', () => {
  const named = ['$indexOfBytes', '$indexOfCP', '$strcasecmp', '$allElementsTrue', '$anyElementTrue', '$setDifference', '$setEquals', '$setIntersection', '$setIsSubset', '$setUnion', '$week', '$isoWeek', '$isoWeekYear', '$isoDayOfWeek', '$dateFromParts', '$dateFromString', '$jsonSchema']
  for (const w of named) expect(rows.find((r) => r.wire === w)).toMatchObject({ supported: true })
  expect(rows.length).toBeGreaterThan(140)
})
