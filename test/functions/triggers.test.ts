/**
 * The build's check of config.json timer triggers against WeChat's rules (one per function, type timer,
 * name shape, 7-field cron), and every project function passing it.
 */
import { checkTriggers, listFunctions } from '../../scripts/build-functions'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const t = (name: string, config = '0 */10 * * * * *') => ({ name, type: 'timer' as const, config })

it('accepts none or one well-formed trigger', () => {
  expect(() => checkTriggers('fn', [])).not.toThrow()
  expect(() => checkTriggers('fn', [t('nightly-Job_1', '0 30 3 * * * *')])).not.toThrow()
})

it('refuses what WeChat would not deploy, naming the function and the trigger', () => {
  expect(() => checkTriggers('passbook', [t('a'), t('b')])).toThrow(/passbook\/config\.json: WeChat allows one timer trigger per function; found 2 \(a, b\)/)
  expect(() => checkTriggers('fn', [{ ...t('a'), type: 'cos' as never }])).toThrow(/trigger a: type must be "timer"/)
  expect(() => checkTriggers('fn', [t('1st')])).toThrow(/must be ≤ 60 letters/)
  expect(() => checkTriggers('fn', [t('x'.repeat(61))])).toThrow(/must be ≤ 60 letters/)
  expect(() => checkTriggers('fn', [t('a', '*/5 * * * *')])).toThrow(/fn\/config\.json: trigger a: .*7/)
  expect(() => checkTriggers('fn', [t('a', '0 61 * * * * *')])).toThrow(/trigger a: .*minute field "61"/)
})

it('every function of the project passes', () => {
  for (const name of listFunctions()) {
    const file = path.join(__dirname, '../../cloudfunctions', name, 'config.json')
    const config = JSON.parse(readFileSync(file, 'utf8')) as { triggers?: Parameters<typeof checkTriggers>[1] }
    expect(() => checkTriggers(name, config.triggers ?? [])).not.toThrow()
  }
})
