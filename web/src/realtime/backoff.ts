// Reconnect delays: exponential backoff with full jitter (a random delay between 0 and the doubling ceiling),
// so that a gateway restart does not see every tab come back in the same instant.

/** The ceiling of the first retry. */
export const BACKOFF_BASE_MS = 500;
/** The ceiling never grows past this. */
export const BACKOFF_MAX_MS = 30_000;

/** The largest delay before retry number `attempt` (0 for the first retry after a connection was lost). */
export function backoffCeiling(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
}

/** The delay before retry number `attempt`; `random` returns a number in [0, 1), as Math.random does. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt));
}
