/**
 * Options of the legacy-bank simulator: the type, the defaults and the zod schema.
 * `parseLegacyBankOptions(input)` fills the defaults; nested objects may be given in part.
 */
import { z } from 'zod';

/** pino-compatible: `info(obj, msg)`. The simulator never passes a password to it. */
export interface LegacyBankLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const windowPattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

export const maintenanceSchema = z.object({
  /** The system is in end-of-day processing right now (for tests and demos). */
  now: z.boolean().default(false),
  /** Daily windows in local time, "HH:MM-HH:MM", end exclusive; may wrap midnight ("23:30-00:30"). */
  windows: z.array(z.string().regex(windowPattern, 'expected "HH:MM-HH:MM"')).default([]),
});

export const faultsSchema = z.object({
  /** Added to every response (ms). */
  latencyMs: z.number().int().min(0).default(0),
  /** Fraction (0..1) of requests answered with HTTP 500 "Internal Server Error" (before any effect). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Fraction (0..1) of responses delayed by a further `slowMs`. */
  slowRate: z.number().min(0).max(1).default(0),
  slowMs: z.number().int().min(0).default(5_000),
  /**
   * Fraction (0..1) of successful payment postings (TX01 confirm) whose RESPONSE is an HTTP 500 page
   * although the posting was committed: the worst case for double posting. Default (absent): 0.
   * Optional rather than defaulted, so that fault objects written before it existed stay valid.
   */
  errorAfterPostRate: z.number().min(0).max(1).optional(),
  /**
   * Sessions end this many seconds after their login, however active they are
   * ("YOUR SESSION HAS EXPIRED" on the next request). Default (absent) or 0: off (only the idle timeout applies).
   */
  sessionMaxAgeSec: z.number().min(0).optional(),
  /**
   * The host terminal only: fraction (0..1) of keystrokes lost because the host relocked the
   * keyboard for a moment ("X SYSTEM", as when it writes to the screen unasked). Default (absent): 0.
   */
  lostKeyRate: z.number().min(0).max(1).optional(),
});

export const userSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});

const loggerSchema = z.custom<LegacyBankLogger>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as LegacyBankLogger).info === 'function' &&
    typeof (v as LegacyBankLogger).warn === 'function' &&
    typeof (v as LegacyBankLogger).error === 'function',
  'expected a logger with info/warn/error methods',
);

const clockSchema = z.custom<() => Date>((v) => typeof v === 'function', 'expected a function returning a Date');

export const legacyBankOptionsSchema = z.object({
  /** 0 = any free port. */
  port: z.number().int().min(0).max(65_535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  /** Bot accounts that may log in. */
  users: z.array(userSchema).default([]),
  /** Seed of the generated customers, accounts and history (and of the fault decisions). */
  seed: z.number().int().default(42),
  customers: z.number().int().min(1).max(100_000).default(40),
  historyMonths: z.number().int().min(1).max(120).default(6),
  /**
   * The last day of the generated history, "YYYY-MM-DD". Default: today (local date of `now()`).
   * Same seed + same business date → identical data.
   */
  businessDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Idle time after which a session expires (seconds). */
  idleTimeoutSec: z.number().positive().default(600),
  maintenance: maintenanceSchema.default({ now: false, windows: [] }),
  faults: faultsSchema.default({ latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 5_000 }),
  /** The green-screen host's keyboard lock after each screen, ms (random in the range; keys typed meanwhile are lost). */
  hostLockMs: z
    .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
    .refine((r) => r.max >= r.min, 'max must be at least min')
    .default({ min: 50, max: 500 }),
  /**
   * Share of collections (from debtors no rule or setting decides) that come back with each outcome,
   * decided per end-to-end id from the seed (the same collection, the same answer), e.g.
   * { "insufficient-funds": 0.02, refuses: 0.005 }. Default: none, all settle.
   */
  collectionOutcomeRates: z
    .partialRecord(z.enum(['closed', 'blocked', 'no-mandate', 'deceased', 'refuses', 'refunds', 'insufficient-funds']), z.number().min(0).max(1))
    .refine((r) => Object.values(r).reduce((a, b) => a + (b ?? 0), 0) <= 1, 'the rates add up to more than 1')
    .default({}),
  /** The statement files ST01 offers for download; none: only the balances (and the history screens) are there. */
  statementFiles: z.array(z.enum(['pdf', 'camt053', 'mt940'])).default(['pdf', 'camt053', 'mt940']),
  /** Serve the JSON inspection API under /_inspect/ (tests and demos only). */
  inspection: z.boolean().default(false),
  logger: loggerSchema.optional(),
  /** The clock (tests inject one to age sessions without waiting). */
  now: clockSchema.optional(),
});

/** Options with every default filled in. */
export type LegacyBankOptions = z.output<typeof legacyBankOptionsSchema>;
/** What callers pass: any subset, nested objects in part. */
export type LegacyBankOptionsInput = z.input<typeof legacyBankOptionsSchema>;
export type MaintenanceOptions = z.output<typeof maintenanceSchema>;
/** `errorAfterPostRate` and `sessionMaxAgeSec` may be absent (= 0, off). */
export type FaultOptions = z.output<typeof faultsSchema>;
/** The live fault settings (`state.settings.faults`); replacing the whole object without the later keys turns them off. */
export type LiveFaultSettings = FaultOptions;
export type LegacyBankUser = z.output<typeof userSchema>;

export const DEFAULT_LEGACY_BANK_OPTIONS: LegacyBankOptions = legacyBankOptionsSchema.parse({});

export function parseLegacyBankOptions(input: LegacyBankOptionsInput = {}): LegacyBankOptions {
  return legacyBankOptionsSchema.parse(input);
}
