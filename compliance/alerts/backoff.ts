export interface BackoffOptions {
  /** Delay after the first failed attempt; doubles each attempt. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Fraction of the delay randomised (0..1), as BullMQ does: delay × (1 − jitter) + random × delay × jitter. */
  backoffJitter: number;
}

/** The wait after failed attempt `attempt` (1-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const full = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** (attempt - 1));
  return Math.floor(full * (1 - o.backoffJitter) + random() * full * o.backoffJitter);
}
