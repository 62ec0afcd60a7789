import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { EvidenceStore } from './evidence.js';
import type { PostResult, PostSteps } from './post-once.js';
import type { TargetSession } from './target-session.js';
import type { RunChild } from './define-run.js';

/** Who and what an item is: carried by every log line it writes. */
export interface ItemInfo {
  itemId: string;
  runId: string;
  bot: string;
  businessKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  attempts: number;
  /** Compliance rules released for this item by a four-eyes approval. */
  releasedRules: string[];
}

/** One item of a run, with its outcome, as a run's parent (e.g. its report) sees it. */
export interface RunItemOutcome {
  itemId: string;
  bot: string;
  businessKey: string;
  /** queued, waiting-target, retrying, done, exception, rejected (see queue/item-index.ts). */
  status: string;
  input: unknown;
  /** What the bot returned, for done items. */
  result?: unknown;
  /** The open or last exception, if any. */
  exception?: { id: string; type: string; status: string; reason: string };
}

/**
 * Services of the process that bots use, declared by the bots that use them (module augmentation,
 * e.g. payment-entry declares `compliance`), so that the kit depends on none of them.
 */
export interface BotServices {}

/** What a bot's `run` gets besides its input. */
export interface BotContext {
  item: ItemInfo;
  /** Child logger: every line carries run id, item id, bot name and business key. */
  log: Logger;
  /** Reports progress (0..100) to the queue board. */
  progress(pct: number, note?: string): Promise<void>;
  evidence: EvidenceStore;
  /** Aborted on shutdown past the grace period or when the item times out. */
  signal: AbortSignal;
  config: Config;
  /** A logged-in session of the bot's target, on a leased bot account (leased on first call). */
  session(): Promise<TargetSession>;
  /**
   * Writes to the bot's target exactly once for the item's business key (DESIGN.md, "Exactly
   * once"): journal the intent, check the target, write only if absent, read back, record the
   * confirmation. The key is the item's, whatever an edit changed in its input since; `key` only
   * for a bot that writes more than one thing per item.
   */
  postOnce(steps: PostSteps, options?: { key?: string }): Promise<PostResult>;
  /**
   * Adds items to this item's run, as its parent's children like the run's own, for work whose items
   * are known only once an item has run (a day's reconciliation of an account: one item per break).
   * An item whose business key is already known, in this run or another, is not added again, so an
   * attempt run again after a crash adds nothing twice.
   */
  addItems(children: RunChild[]): Promise<{ added: number; alreadyKnown: number }>;
  /**
   * Runs again the item of `bot` with `businessKey` when it waits on an open exception that the facts
   * have since settled (a break a later statement matched): the system's decision, with `reason`,
   * recorded and audited like a person's. False when the item has no open exception.
   */
  settleItem(bot: string, businessKey: string, reason: string): Promise<boolean>;
  /** The other items of this item's run and their outcomes (for a run's parent: its report). */
  runItems(): Promise<RunItemOutcome[]>;
  /**
   * What the process shares with its bots beyond the kit (made on first use). The kit knows none of
   * it: a bot that needs a service declares it on `BotServices`, and the queue's runtime provides it.
   */
  services: BotServices;
}
