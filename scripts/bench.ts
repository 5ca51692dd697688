/**
 * `npm run bench`: runs every domain benchmark in scripts/bench/*.bench.ts (each exports an async
 * `run()` returning table rows, with a floor measured in the same run) one after another and prints
 * its table. `npm run bench -- passbook` runs only the named ones.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

async function main() {
  const only = process.argv.slice(2)
  const dir = path.join(__dirname, 'bench')
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
    .sort()
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(path.join(dir, file)) as { run?: () => Promise<unknown> }
    if (typeof mod.run !== 'function') continue
    console.log(`\n== ${file} ==`)
    const rows = await mod.run()
    if (Array.isArray(rows)) console.table(rows)
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
