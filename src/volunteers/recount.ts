/**
 * The seat counter's safety net. A place is taken by incrementing the activity's `signedUp` and then
 * confirming the sign-up; a function that dies between the two (or between a cancellation and giving
 * the place back) leaves the counter one too high, and the place is lost to everyone. The counter is a
 * cache of "sign-ups in state signed_up", not a ledger, so a periodic job recounts it — but only for
 * an activity whose sign-ups have been still for a while: every seat move happens inside a request
 * that first touches a sign-up, so a recent sign-up change means a request may be between its two
 * steps, and "fixing" it then would make room for one too many. Pure.
 */

/** How long an activity's sign-ups must have been unchanged before its counter is recounted. */
export const RECOUNT_QUIET_MS = 2 * 60_000

export type RecountVerdict = { kind: 'ok' } | { kind: 'busy' } | { kind: 'fix'; after: number }

export function recountVerdict(input: { counter: number; signedUp: number; lastChangeAt: Date | null; now: Date; quietMs?: number }): RecountVerdict {
  const counter = Number.isFinite(input.counter) ? input.counter : 0
  if (counter === input.signedUp) return { kind: 'ok' }
  const quiet = input.quietMs ?? RECOUNT_QUIET_MS
  if (input.lastChangeAt && input.now.getTime() - input.lastChangeAt.getTime() < quiet) return { kind: 'busy' }
  return { kind: 'fix', after: input.signedUp }
}
