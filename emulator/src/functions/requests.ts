/**
 * What an invocation's database requests cost on the platform, where each is a network round trip: how
 * many it made, the longest chain of them that waited on each other, and the bytes they answered.
 */

export interface DbRequestStats {
  /** `database.*` requests the invocation made. */
  requests: number
  /**
   * The most requests that ran one after another (each started after the previous one had answered);
   * requests overlapping in time count once. Its latency floor is chain × one round trip.
   */
  chain: number
  /** Bytes of the responses (what the platform bills as outbound traffic from the database). */
  responseBytes: number
}

export interface Span {
  start: number
  end: number
  bytes: number
}

/** The stats of a set of timed requests: the chain is the largest set of pairwise non-overlapping spans. */
export function dbRequestStats(spans: readonly Span[]): DbRequestStats {
  let chain = 0
  let lastEnd = -Infinity
  // Earliest-ending first is optimal for the most non-overlapping intervals.
  for (const s of [...spans].sort((a, b) => a.end - b.end)) {
    if (s.start >= lastEnd) {
      chain++
      lastEnd = s.end
    }
  }
  return { requests: spans.length, chain, responseBytes: spans.reduce((n, s) => n + s.bytes, 0) }
}
