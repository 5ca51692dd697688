/**
 * `npm run bench:emulator`: the database benchmark (emulator/bench/db.bench.ts, `runDbBench`) and then
 * the function-invocation benchmark, each printing its table.
 */
import fs from 'node:fs'
import path from 'node:path'
import { printFunctionsBench, runFunctionsBench } from './functions.bench'

async function main() {
  const dbBench = path.join(__dirname, 'db.bench.ts')
  if (fs.existsSync(dbBench)) {
    // Loaded by path so this entry runs even before the database benchmark lands.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { runDbBench } = require(dbBench) as { runDbBench: () => Promise<unknown> }
    const rows = await runDbBench()
    if (Array.isArray(rows)) {
      console.log('\nDatabase (through the real SDK vs the direct SQLite floor)')
      console.table(rows)
    }
  } else {
    console.log('database benchmark not present yet (emulator/bench/db.bench.ts)')
  }
  printFunctionsBench(await runFunctionsBench())
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
