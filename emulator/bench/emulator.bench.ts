/**
 * `npm run bench:emulator`: the database benchmark (emulator/bench/db.bench.ts, `runDbBench`, which prints
 * its own tables) and then the function-invocation benchmark. Flags are passed to the database part:
 * `--quick` (20 k stations, sizes 2 k / 20 k, 50 runs), `--no-2m` (skip the 2 M load), `--runs N`.
 */
import { runDbBench, type DbBenchOptions } from './db.bench'
import { printFunctionsBench, runFunctionsBench } from './functions.bench'

async function main() {
  const argv = process.argv.slice(2)
  const options: DbBenchOptions = argv.includes('--quick')
    ? { stations: 20_000, sizes: [2_000, 20_000], runs: 50, writes: 200 }
    : argv.includes('--no-2m')
      ? { sizes: [20_000, 200_000] }
      : {}
  const runsAt = argv.indexOf('--runs')
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : NaN
  if (Number.isInteger(runs) && runs > 0) options.runs = runs
  await runDbBench(options)
  printFunctionsBench(await runFunctionsBench())
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
