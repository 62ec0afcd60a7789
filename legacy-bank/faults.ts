/**
 * Fault injection: added latency on every response, a fraction of slow responses and a fraction of
 * HTTP 500s. Decisions come from a seeded PRNG, so a seed replays the same sequence of faults;
 * rate 1 always and rate 0 never fires.
 */
import type { FaultOptions } from './options.js';
import { createPrng, type Prng } from './prng.js';

export interface FaultDecision {
  delayMs: number;
  error: boolean;
  slow: boolean;
}

export class FaultInjector {
  private readonly prng: Prng;
  constructor(seed: number) {
    this.prng = createPrng(seed, 'faults');
  }

  decide(faults: FaultOptions): FaultDecision {
    // always draw both, so the sequence does not depend on which rates are set
    const slowDraw = this.prng.next();
    const errorDraw = this.prng.next();
    const slow = slowDraw < faults.slowRate;
    const error = errorDraw < faults.errorRate;
    return { delayMs: faults.latencyMs + (slow ? faults.slowMs : 0), error, slow };
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
