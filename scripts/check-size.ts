/**
 * Mini-program package sizes as WeChat counts them (bytes of the files it uploads: code, config and
 * assets, not *.txt licence files or project.config.json), per package, against this project's budgets:
 *   main package ≤ 400 KB (WeChat's limit 2 MB; startup on a cheap phone grows with it, so it was held
 *                          here when the workbench touched every tab; features go to subpackages)
 *   each subpackage ≤ 500 KB (WeChat's limit 2 MB; a feature loaded on demand should stay small)
 *   all packages ≤ 4 MB   (WeChat's limit 20 MB)
 * Prints a table; exits 1 when any budget is exceeded. Usage: tsx scripts/check-size.ts [dir=dist/weapp]
 */
import fs from 'node:fs'
import path from 'node:path'

export const budgets = { main: 400 * 1024, subpackage: 500 * 1024, total: 4 * 1024 * 1024 }

/** Extensions WeChat uploads (its offline default list); anything else is left out of the package. */
const UPLOADED = new Set(['.js', '.json', '.wxml', '.wxss', '.wxs', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp', '.bmp', '.ico', '.mp3', '.wav', '.m4a', '.aac', '.mp4', '.ttf', '.otf', '.woff', '.woff2', '.eot', '.cer'])
const TOOL_FILES = new Set(['project.config.json', 'project.private.config.json'])

export interface PackageSize {
  name: string
  root: string
  files: number
  bytes: number
  budget: number
}

function walk(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? walk(full, root) : [path.relative(root, full).split(path.sep).join('/')]
  })
}

export function measure(dir: string): { packages: PackageSize[]; total: number; skipped: string[] } {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }>; subpackages?: Array<{ root: string }> }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/?$/, '/'))
  const packages: PackageSize[] = [{ name: 'main (__APP__)', root: '', files: 0, bytes: 0, budget: budgets.main }, ...roots.map((root) => ({ name: root, root, files: 0, bytes: 0, budget: budgets.subpackage }))]
  const skipped: string[] = []
  for (const file of walk(dir)) {
    if (TOOL_FILES.has(file) || !UPLOADED.has(path.extname(file).toLowerCase())) {
      skipped.push(file)
      continue
    }
    const pkg = packages.find((p) => p.root && file.startsWith(p.root)) ?? packages[0]
    pkg.files += 1
    pkg.bytes += fs.statSync(path.join(dir, file)).size
  }
  return { packages, total: packages.reduce((sum, p) => sum + p.bytes, 0), skipped }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'weapp'))
  if (!fs.existsSync(path.join(dir, 'app.json'))) {
    console.error(`${dir}/app.json is missing: run npm run build:weapp first`)
    process.exit(1)
  }
  const { packages, total, skipped } = measure(dir)
  const rows = [...packages.map((p) => [p.name, String(p.files), kb(p.bytes), kb(p.budget), `${((100 * p.bytes) / p.budget).toFixed(0)} %`, p.bytes <= p.budget ? 'ok' : 'OVER']), ['total', String(packages.reduce((n, p) => n + p.files, 0)), kb(total), kb(budgets.total), `${((100 * total) / budgets.total).toFixed(0)} %`, total <= budgets.total ? 'ok' : 'OVER']]
  const header = ['package', 'files', 'size', 'budget', 'used', '']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(`mini-program package sizes (${path.relative(process.cwd(), dir) || dir})`)
  console.log(line(header))
  rows.forEach((r) => console.log(line(r)))
  if (skipped.length) console.log(`not uploaded: ${skipped.join(', ')}`)
  process.exit(rows.some((r) => r[5] === 'OVER') ? 1 : 0)
}
