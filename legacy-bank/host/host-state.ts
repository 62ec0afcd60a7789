/**
 * The host's own state beside the web system's: its terminal sessions (one per user, idle time-out,
 * maximum age: the web system's settings), what each signed-on terminal shows, the mandate register,
 * and the keyboard-lock times (seeded, so a seed replays them).
 */
import { createPrng, type Prng } from '../prng.js';
import { SessionStore } from '../sessions.js';
import { MandateRegister } from './mandate-register.js';
import type { Conversation } from './transactions.js';


export class HostState {
  readonly sessions: SessionStore;
  readonly conversations = new Map<string, Conversation>();
  readonly register = new MandateRegister();
  /** Keys the emulator lost to the lostKeyRate fault (it reports each one), for inspection. */
  lostKeys = 0;
  private readonly lockPrng: Prng;
  private readonly afterCommitPrng: Prng;

  constructor(
    seed: number,
    idleTimeoutMs: () => number,
    maxAgeMs: () => number,
    /** The keyboard lock after each screen (default 50–500 ms). */
    private readonly lock: { min: number; max: number } = { min: 50, max: 500 },
  ) {
    this.sessions = new SessionStore(idleTimeoutMs, maxAgeMs);
    this.lockPrng = createPrng(seed, 'host/lock');
    this.afterCommitPrng = createPrng(seed, 'host/after-commit');
  }

  lockMs(): number {
    return this.lockPrng.int(this.lock.min, this.lock.max);
  }

  /** After a committed update: answer with an abend anyway (rate: the web system's errorAfterPostRate)? */
  abendAfterCommit(rate: number | undefined): boolean {
    return this.afterCommitPrng.next() < (rate ?? 0);
  }
}
