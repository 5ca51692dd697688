/**
 * `npm run seed -- [--url http://127.0.0.1:<port>/admin] [--reset]`: loads the demo data set
 * (scripts/seed/demo-data.ts) into a running emulator through the real wx-server-sdk.
 * Without --url it uses $NUANXIN_ADMIN_URL, else http://127.0.0.1:10086/admin (the emulator `npm start` runs;
 * `npm run emulator` listens on 18080 by default).
 * In-process callers (npm start, tests) import `seedDemoData` from ./seed/load instead.
 */
import { seedDemoData } from './seed/load'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  if (i >= 0) return process.argv[i + 1]
  const eq = process.argv.find((a) => a.startsWith(`${name}=`))
  return eq?.slice(name.length + 1)
}

async function main() {
  const adminUrl = arg('--url') ?? process.env.NUANXIN_ADMIN_URL ?? 'http://127.0.0.1:10086/admin'
  const reset = process.argv.includes('--reset')
  console.log(`写入演示数据 → ${adminUrl}${reset ? '（先清空）' : ''}`)
  const { counts, ms } = await seedDemoData({ adminUrl, reset, log: (l) => console.log(l) })
  for (const [name, n] of Object.entries(counts)) console.log(`  ${name.padEnd(18)} ${n}`)
  console.log(`完成，用时 ${ms} ms`)
}

main().catch((err) => {
  console.error(`演示数据写入失败：${(err as Error).message}`)
  console.error('请确认模拟器已启动（npm start 或 npm run emulator），并用 --url 指向它的 /admin 地址。')
  process.exitCode = 1
})
