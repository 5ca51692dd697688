/** Front-end service for the `passbook` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { passbookContract } from './contract'

export const passbook = createService('passbook', passbookContract, {
  reads: ['summary', 'entries', 'catalogue', 'myRedemptions', 'redemption', 'rules', 'adminRewards', 'accountEntries'],
})

/**
 * A key for one user intent (one tap on 兑换). Kept while that intent is retried, replaced after it
 * gets a definite answer, so a retry never redeems twice and a new tap is a new redemption.
 */
export function newIntentKey(): string {
  let s = Date.now().toString(36)
  while (s.length < 24) s += Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')
  return `pb-${s.slice(0, 28)}`
}
