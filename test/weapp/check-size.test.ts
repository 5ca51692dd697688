/**
 * scripts/check-size.ts counts packages as WeChat does and fails over budget. A synthetic dist with a
 * subpackage one byte over its budget must exit 1; licence files and project.config.json do not count.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { budgets, measure } from '../../scripts/check-size'

const repo = path.resolve(__dirname, '..', '..')
let dir: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-size-'))
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/a/index'], subPackages: [{ root: 'feature', pages: ['pages/b/index'] }] }))
  fs.mkdirSync(path.join(dir, 'pages/a'), { recursive: true })
  fs.mkdirSync(path.join(dir, 'feature/pages/b'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'pages/a/index.js'), 'x'.repeat(1000))
  fs.writeFileSync(path.join(dir, 'app.js.LICENSE.txt'), 'x'.repeat(5000))
  fs.writeFileSync(path.join(dir, 'project.config.json'), '{}')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const run = () => spawnSync(process.execPath, [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), path.join(repo, 'scripts/check-size.ts'), dir], { encoding: 'utf8' })

test('sizes are per package, without files WeChat does not upload', () => {
  fs.writeFileSync(path.join(dir, 'feature/pages/b/index.js'), 'y'.repeat(300))
  const { packages } = measure(dir)
  expect(packages.map((p) => [p.name, p.bytes])).toEqual([
    ['main (__APP__)', 1000 + fs.statSync(path.join(dir, 'app.json')).size],
    ['feature/', 300],
  ])
  expect(run().status).toBe(0)
})

test('a subpackage over its budget fails the check and is named', () => {
  fs.writeFileSync(path.join(dir, 'feature/pages/b/index.js'), Buffer.alloc(budgets.subpackage + 1))
  const res = run()
  expect(res.status).toBe(1)
  expect(res.stdout).toMatch(/feature\/.*OVER/)
})
