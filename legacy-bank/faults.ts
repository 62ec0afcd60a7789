/**
 * Fault injection: added latency on every response, a fraction of slow responses and a fraction of
 * HTTP 500s (before any effect), and a fraction of payment postings answered with HTTP 500 AFTER they
 * were committed. Decisions come from seeded PRNGs, so a seed replays the same sequence of faults;
 * rate 1 always and rate 0 never fires. (The session max age is applied by the session store.)
 */
import type { LiveFaultSettings } from './options.js';
import { createPrng, type Prng } from './prng.js';

export interface FaultDecision {
  delayMs: number;
  error: boolean;
  slow: boolean;
}

export class FaultInjector {
  private readonly prng: Prng;
  /** A separate stream, so that the per-request sequence does not depend on how many postings there were. */
  private readonly afterPostPrng: Prng;
  constructor(seed: number) {
    this.prng = createPrng(seed, 'faults');
    this.afterPostPrng = createPrng(seed, 'faults/after-post');
  }

  decide(faults: LiveFaultSettings): FaultDecision {
    // always draw both, so the sequence does not depend on which rates are set
    const slowDraw = this.prng.next();
    const errorDraw = this.prng.next();
    const slow = slowDraw < faults.slowRate;
    const error = errorDraw < faults.errorRate;
    return { delayMs: faults.latencyMs + (slow ? faults.slowMs : 0), error, slow };
  }

  /** After a committed posting: answer it with HTTP 500 anyway? */
  errorAfterPost(faults: LiveFaultSettings): boolean {
    return this.afterPostPrng.next() < (faults.errorAfterPostRate ?? 0);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
