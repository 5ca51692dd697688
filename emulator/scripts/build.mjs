/**
 * Builds the package into dist/ (run by `npm pack` / `npm publish` through prepack): every src/ module
 * transpiled one-to-one to CommonJS by esbuild (so the bin runs on plain `node`, no tsx), non-TS files such
 * as the function runner copied beside them, and .d.ts files emitted by tsc for the public entry.
 */
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const src = path.join(root, 'src')
const dist = path.join(root, 'dist')

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

fs.rmSync(dist, { recursive: true, force: true })
const files = walk(src)
const entries = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
await build({
  entryPoints: entries,
  outdir: dist,
  outbase: src,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
})
for (const f of files.filter((f) => !f.endsWith('.ts'))) {
  const to = path.join(dist, path.relative(src, f))
  fs.mkdirSync(path.dirname(to), { recursive: true })
  fs.copyFileSync(f, to)
}
const cli = path.join(dist, 'cli.js')
fs.writeFileSync(cli, `#!/usr/bin/env node\n${fs.readFileSync(cli, 'utf8')}`)
fs.chmodSync(cli, 0o755)

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
