/**
 * scripts/check-weapp.ts must fail on a mini-program WeChat would reject. Two deliberately broken
 * copies of the real dist/weapp (built by `npm test` before jest) each carry several faults; the
 * script, run as `npm run check:weapp` runs it, must exit 1 and name every one. (That the real build
 * passes is shown by `npm run check:weapp` itself, which runs before jest.)
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const repo = path.resolve(__dirname, '..', '..')
const built = path.join(repo, 'dist', 'weapp')
const tmp: string[] = []

function brokenCopy(edit: (dir: string) => void): string {
  if (!fs.existsSync(path.join(built, 'app.json'))) throw new Error('dist/weapp is missing: run npm run build:weapp first')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-broken-weapp-'))
  tmp.push(dir)
  fs.cpSync(built, dir, { recursive: true })
  edit(dir)
  return dir
}

function runCheck(dir: string) {
  const res = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'scripts', 'check-weapp.ts'), dir], { cwd: repo, encoding: 'utf8' })
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` }
}

const append = (file: string, text: string) => fs.appendFileSync(file, text)

afterAll(() => tmp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

test('bad WXML, WXSS WeChat rejects, a JS syntax error, a leaked dev identity and H5-only scanner code are all caught', () => {
  const dir = brokenCopy((d) => {
    append(path.join(d, 'pages/me/index.wxml'), '<view>{{ a + }}</view>')
    append(path.join(d, 'pages/stations/index.wxss'), '* { color: red }')
    append(path.join(d, 'pages/report/index.js'), '\nvar broken = ;')
    append(path.join(d, 'pages/passbook/index.js'), '\nvar who = "dev-admin";')
    append(path.join(d, 'pages/me/index.js'), '\nvar scan = { inversionAttempts: "attemptBoth" };')
  })
  const { status, out } = runCheck(dir)
  expect(status).toBe(1)
  expect(out).toMatch(/\[wcc\][^\n]*pages\/me\/index\.wxml/)
  expect(out).toMatch(/\[wcsc\][^\n]*pages\/stations\/index\.wxss[^\n]*`\*`/)
  expect(out).toMatch(/\[miniprogram-ci compile\][\s\S]*pages\/report\/index\.js/)
  expect(out).toMatch(/\[dev-leak\] pages\/passbook\/index\.js contains the H5-only dev value dev-admin/)
  expect(out).toMatch(/\[dev-leak\] pages\/me\/index\.js contains H5-only code \(inversionAttempts\)/)
})

test('precise and fuzzy location together, and an undeclared location API, are caught', () => {
  const dir = brokenCopy((d) => {
    const appJson = path.join(d, 'app.json')
    const app = JSON.parse(fs.readFileSync(appJson, 'utf8'))
    app.requiredPrivateInfos = ['getLocation', 'getFuzzyLocation']
    fs.writeFileSync(appJson, JSON.stringify(app))
  })
  const { status, out } = runCheck(dir)
  expect(status).toBe(1)
  expect(out).toMatch(/\[miniprogram-ci compile\][^\n]*mutually exclusive/)
  expect(out).toMatch(/\[requiredPrivateInfos\] app\.json declares \[getFuzzyLocation, getLocation\] but the source calls \[getLocation\]/)
})

test('a missing page file is caught', () => {
  const dir = brokenCopy((d) => fs.rmSync(path.join(d, 'pages/report/index.wxml')))
  const { status, out } = runCheck(dir)
  expect(status).toBe(1)
  expect(out).toMatch(/FAIL {2}(wcc|miniprogram-ci compile)/)
  expect(out).toMatch(/pages\/report\/index/)
})
