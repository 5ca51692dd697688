/**
 * The activity seat counter's recount rule: the shared capacity rule (src/core/capacity.ts
 * `recountVerdict`) with the activity's counter `signedUp` compared to the sign-ups in state
 * `signed_up`. Pure.
 */
import { recountVerdict as capacityRecountVerdict, RECOUNT_QUIET_MS, type RecountVerdict } from '../core/capacity'

export { RECOUNT_QUIET_MS, type RecountVerdict }

export function recountVerdict(input: { counter: number; signedUp: number; lastChangeAt: Date | null; now: Date; quietMs?: number }): RecountVerdict {
  return capacityRecountVerdict({ counter: input.counter, held: input.signedUp, lastChangeAt: input.lastChangeAt, now: input.now, quietMs: input.quietMs })
}
