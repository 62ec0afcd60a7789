import { z } from 'zod';
import { parseMaintenanceWindow } from '../banking/maintenance-window.js';
import { schedulesSchema } from './schedules.js';
import { plansSchema } from './plans.js';
import { boardSchema } from './board.js';
import { complianceAlerts } from './compliance-alerts.js';
import { complianceRules } from './compliance-rules.js';
import { complianceListsSchema, complianceScreeningSchema } from './compliance-screening.js';

/** Where a target's bot-account password comes from: a secret name, never the password itself. */
const account = z.strictObject({
  username: z.string().min(1),
});

const breaker = z.strictObject({
  /** Consecutive TargetUnavailable failures that open the circuit. */
  failureThreshold: z.number().int().positive().default(5),
  /** How long the circuit stays open before one trial item is let through (half-open). */
  coolDownMs: z.number().int().positive().default(30_000),
});

const target = z.strictObject({
  baseUrl: z.url(),
  accounts: z.array(account).min(1),
  /** Lease time-to-live of a bot account; renewed while in use, freed when the holder dies. */
  leaseTtlMs: z.number().int().positive().default(30_000),
  /** How long an item waits for a free bot account before it is delayed as TargetUnavailable. */
  leaseWaitMs: z.number().int().nonnegative().default(10_000),
  /** Delay before an item that met TargetUnavailable is tried again. */
  unavailableDelayMs: z.number().int().positive().default(5_000),
  breaker: breaker.prefault({}),
  /**
   * Its maintenance windows, in banking.timeZone: "02:00-02:30", "Sun 01:00-05:00", "Mon-Fri 23:30-00:15",
   * "2027-01-16 20:00-23:59". Its items wait for a window's end without using an attempt; a night's forecast counts them.
   */
  maintenance: z.array(z.string().refine(isMaintenanceWindow, 'a window: "[days] HH:MM-HH:MM" (days: Mon-Fri, Sun, or a date YYYY-MM-DD)')).default([]),
});

const bot = z.strictObject({
  concurrency: z.number().int().positive().default(1),
  attempts: z.number().int().positive().default(3),
  /** First backoff delay; doubles each attempt, with jitter. */
  backoffMs: z.number().int().positive().default(2_000),
  /** Fraction of the backoff delay randomised (0..1). */
  backoffJitter: z.number().min(0).max(1).default(0.5),
  /** Longest an item may run before it is aborted as a system error. */
  timeoutMs: z.number().int().positive().default(300_000),
});

const simulator = z.strictObject({
  port: z.number().int().min(0).max(65535).default(4010),
  seed: z.number().int().default(42),
  customers: z.number().int().positive().default(40),
  historyMonths: z.number().int().positive().default(6),
  idleTimeoutSec: z.number().int().positive().default(600),
  maintenance: z
    .strictObject({
      now: z.boolean().default(false),
      windows: z.array(z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/, 'HH:MM-HH:MM')).default([]),
    })
    .prefault({}),
  faults: z
    .strictObject({
      latencyMs: z.number().int().nonnegative().default(0),
      errorRate: z.number().min(0).max(1).default(0),
      slowRate: z.number().min(0).max(1).default(0),
      slowMs: z.number().int().nonnegative().default(5_000),
      /** Fraction of payment postings answered with HTTP 500 although committed (the worst case for double posting). */
      errorAfterPostRate: z.number().min(0).max(1).default(0),
      /** Sessions end this long after their login however busy (0: off). */
      sessionMaxAgeSec: z.number().nonnegative().default(0),
    })
    .prefault({}),
  /** Share of collections that come back with each outcome (closed, blocked, no-mandate, deceased, refuses, refunds, insufficient-funds), decided per collection from the seed. */
  collectionOutcomeRates: z.partialRecord(z.enum(['closed', 'blocked', 'no-mandate', 'deceased', 'refuses', 'refunds', 'insufficient-funds']), z.number().min(0).max(1)).default({}),
  inspection: z.boolean().default(false),
});

function isMaintenanceWindow(text: string): boolean {
  try {
    parseMaintenanceWindow(text);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date written YYYY-MM-DD. */
const isoDate = z.string().refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}, 'a real date as YYYY-MM-DD');

/** Business-day rules and how amounts are written (used by banking/). */
const banking = z.strictObject({
  /** Closing days on top of TARGET2's (New Year, Good Friday, Easter Monday, 1 May, 25/26 Dec) and weekends. */
  holidays: z.array(z.union([isoDate, z.strictObject({ date: isoDate, name: z.string().min(1) })])).default([]),
  /** Wall-clock time in `timeZone` after which today is no longer accepted as an execution date. */
  cutOff: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM').default('15:00'),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Europe/Berlin').default('Europe/Berlin'),
  /** A past date, weekend, holiday, or today after the cut-off: move to the next business day, or open an exception. */
  onInvalidExecutionDate: z.enum(['roll-forward', 'reject']).default('roll-forward'),
  /** How amounts are written in sources that do not say: de 1.234,56; en 1,234.56; ch 1'234.56; plain 1234.56. */
  amountLocale: z.enum(['de', 'en', 'ch', 'plain']).default('de'),
});

/** Payment instruction files: the drop folder and how the files are written. */
const paymentFiles = z.strictObject({
  /** Files put here are picked up; processing/, archive/ and rejected/ are made beside it. */
  inbox: z.string().default('.rpa/inbox'),
  /** `rpa worker` watches the inbox (a worker that runs payment-entry items only may turn it off). */
  watch: z.boolean().default(true),
  /** How often the inbox is looked at. */
  pollMs: z.number().int().positive().default(1_000),
  /** How text dates are written in the files (Excel dates need none). */
  dateFormat: z.string().default('dd.MM.yyyy'),
  /** How text amounts are written; default banking.amountLocale. */
  amountLocale: z.enum(['de', 'en', 'ch', 'plain']).optional(),
  /** More header texts per field, on top of the built-in ones (e.g. beneficiaryIban: ["Empfänger-IBAN"]). */
  aliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** The debit account for files that have no debit-account column. */
  defaultDebitAccount: z.string().optional(),
  /** A file with more payment rows is refused (at the row past it, before anything is dispatched). */
  maxRows: z.number().int().positive().default(250_000),
  /** An XLSX whose sheet or shared strings are larger uncompressed is refused before they are read. */
  maxUncompressedMB: z.number().int().positive().default(512),
  /** A file that took a worker down this many times (it stayed in processing/) goes to rejected/. */
  maxCrashes: z.number().int().positive().default(2),
});

/** Mandate sheets and scanned mandate forms: the drop folder and how the sheets are written. */
const mandateFiles = z.strictObject({
  /** Files put here are picked up (processing/, archive/ and rejected/ are made beside it). */
  inbox: z.string().default('.rpa/inbox-mandates'),
  watch: z.boolean().default(true),
  pollMs: z.number().int().positive().default(1_000),
  /** How text dates (the date of signature) are written in the sheets. */
  dateFormat: z.string().default('dd.MM.yyyy'),
  /** More header texts per field (e.g. debtorIban: ["IBAN des Kontoinhabers"]). */
  aliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  maxRows: z.number().int().positive().default(100_000),
  maxUncompressedMB: z.number().int().positive().default(512),
  maxCrashes: z.number().int().positive().default(2),
  /**
   * The creditors the bank collects for (its direct-debit clients), as their contracts name them. A
   * scanned form's creditor must be one of them: its identifier's business code, which no check
   * digit covers, and its name are then taken from here (a misreading of them corrected, and recorded).
   * Empty: forms' creditor identifiers are taken as read (their business code unchecked).
   */
  creditors: z.array(z.strictObject({ id: z.string().min(8), name: z.string().min(1) })).default([]),
});

/** Direct-debit collections: the file the bank takes, its schema, and the rules a collection must meet. */
const directDebits = z.strictObject({
  /** The pain.008 version the bank takes. */
  pain008Version: z.enum(['pain.008.001.02', 'pain.008.001.08']).default('pain.008.001.02'),
  /**
   * The bank's published XSD per version (a file path). A file is validated against it before it leaves;
   * without one, the writer's own checks run and the run's report says the file was not checked against a schema.
   */
  schemas: z.partialRecord(z.enum(['pain.008.001.02', 'pain.008.001.08']), z.string().min(1)).default({}),
  /** Business days between submitting a file and its collection date (1 = D-1, CORE and B2B since 2016). */
  leadDays: z.number().int().min(0).max(14).default(1),
  /** The bank's cut-off for collection files (`HH:MM` in banking.timeZone). */
  cutOff: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM').default('16:00'),
  /** A collection date too early or not a TARGET2 business day: move it forward, or open an exception. */
  onLateCollectionDate: z.enum(['roll-forward', 'reject']).default('roll-forward'),
  /** Days before the collection date the debtor must be told (creditors may agree otherwise: `creditors[].preNotificationDays`). */
  preNotificationDays: z.number().int().min(0).max(60).default(14),
  /** Most one collection may take from one debtor, EUR (a decimal string); none when absent. */
  maxAmountPerDebtor: z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'a EUR amount such as 5000.00').optional(),
  /** Whether a debtor's move to another bank makes the next collection FRST again (the rulebook dropped this in 2016). */
  firstAgainAfterDebtorBankChange: z.boolean().default(false),
  /**
   * What a returned or rejected collection's reason code does, over the built-in table
   * (bots/collection-return REASON_ACTIONS): stop (the mandate is stopped, a handler told),
   * re-present (once, in the next cycle), no-re-presentation, refund (flagged for follow-up).
   * E.g. { AM04: "no-re-presentation", AG01: "stop" }.
   */
  reasonActions: z.record(z.string().regex(/^[A-Z0-9]{4}$/, 'an ISO 20022 reason code such as AM04'), z.enum(['stop', 're-present', 'no-re-presentation', 'refund'])).default({}),
  /** The creditors the bank collects for: the account collections are credited to, and their own pre-notification period. */
  creditors: z
    .array(
      z.strictObject({
        id: z.string().min(8),
        name: z.string().min(1),
        iban: z.string().min(15),
        bic: z.string().optional(),
        preNotificationDays: z.number().int().min(0).max(60).optional(),
      }),
    )
    .default([]),
});

/** The bank's answers to collection files (pain.002 status reports, camt.054 notifications): their drop folder. */
const collectionAnswers = z.strictObject({
  /** Files put here are picked up (processing/, archive/ and rejected/ are made beside it). */
  inbox: z.string().default('.rpa/inbox-dd-answers'),
  watch: z.boolean().default(true),
  pollMs: z.number().int().positive().default(1_000),
  maxCrashes: z.number().int().positive().default(2),
  /** Largest answer file read (MB). */
  maxFileMB: z.number().int().positive().default(50),
});

/** Collection files from creditors (a claim per row: mandate, amount, date): their drop folder and how they are read. */
const collectionFiles = z.strictObject({
  /** Files put here are picked up (processing/, archive/ and rejected/ are made beside it). */
  inbox: z.string().default('.rpa/inbox-collections'),
  watch: z.boolean().default(true),
  pollMs: z.number().int().positive().default(1_000),
  maxCrashes: z.number().int().positive().default(2),
  /** How text dates (collection date, notice date) are written in the sheets. */
  dateFormat: z.string().default('dd.MM.yyyy'),
  /** How text amounts are written (numeric cells are always exact); default banking.amountLocale. */
  amountLocale: z.enum(['plain', 'en', 'de', 'ch']).optional(),
  /** More header texts per field (e.g. amount: ["Lastschriftbetrag"]). */
  aliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  maxRows: z.number().int().positive().default(100_000),
  maxUncompressedMB: z.number().int().positive().default(512),
});

/** The matching engine's rules and limits (reconciliation/). */
const reconciliation = z.strictObject({
  /** The rules, in the order they run; leave one out to switch it off. */
  rules: z.array(z.enum(['reference', 'amount-date-name', 'grouped', 'fee-difference'])).min(1).default(['reference', 'amount-date-name', 'grouped', 'fee-difference']),
  /** Value dates this many business days apart still match. */
  dateWindowDays: z.number().int().min(0).max(30).default(3),
  /** Least counterparty name similarity (0..1, the screening module's scorer) for a match without a reference. */
  nameThreshold: z.number().min(0).max(1).default(0.85),
  /** Instalments of one expected line may come this many business days apart. */
  instalmentWindowDays: z.number().int().min(0).max(250).default(20),
  /** Most a bank amount may differ from the books' and match as a fee difference (a decimal, in each line's currency). */
  feeTolerance: z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, 'an amount such as 5.00').default('5.00'),
  /** Bounds of the search for lines that add up to one (batch bookings, instalments). */
  subsetSearch: z.strictObject({ maxCandidates: z.number().int().min(2).max(200).default(30), maxLines: z.number().int().min(2).max(100).default(12), maxSteps: z.number().int().min(100).max(10_000_000).default(20_000) }).prefault({}),
  /** An expected line not at the bank yet is timing (checked again tomorrow) for this many business days, then missing. */
  timingDays: z.number().int().min(0).max(30).default(2),
  /** A fee or write-off a handler accepts above this amount (decimal, the break's currency) needs a second person's approval. */
  fourEyesAbove: z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount such as 100.00').default('100.00'),
  /** Accounts reconciled every day even when the ledger file has no line for them (account numbers or IBANs, as statements are fetched). */
  accounts: z.array(z.string().regex(/^[A-Z0-9]{6,34}$/)).default([]),
  /** Ledger exports (the books' expected movements of a day, CSV or Excel): the reconcile-day run's files. */
  ledgerFiles: z
    .strictObject({
      /** Files put here are picked up (processing/, archive/ and rejected/ are made beside it). */
      inbox: z.string().default('.rpa/inbox-ledger'),
      watch: z.boolean().default(true),
      pollMs: z.number().int().positive().default(1_000),
      maxCrashes: z.number().int().positive().default(2),
      /** How text dates are written in the exports. */
      dateFormat: z.string().default('yyyy-MM-dd'),
      /** How text amounts are written (numeric cells are always exact); default banking.amountLocale. */
      amountLocale: z.enum(['plain', 'en', 'de', 'ch']).optional(),
      /** The currency of rows that do not say. */
      currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
      maxRows: z.number().int().positive().default(500_000),
    })
    .prefault({}),
});

/** Statements fetched from the bank (statement-fetch). */
const statements = z.strictObject({
  /** The format asked for where the bank offers several. */
  format: z.enum(['camt053', 'mt940', 'pdf', 'history']).default('camt053'),
  /** Largest statement file taken (MB). */
  maxFileMB: z.number().int().positive().default(50),
  /** Statements and notifications that arrive as files (PDF, camt.052/053/054, MT940/MT942): the statement-files run's drop folder. */
  inbox: z.string().default('.rpa/inbox-statements'),
  watch: z.boolean().default(true),
  pollMs: z.number().int().positive().default(1_000),
  maxCrashes: z.number().int().positive().default(2),
});

/** Scanned documents through OCR (extractors/ocr): the tesseract.js worker pool and its limits. */
const ocr = z.strictObject({
  /** Tesseract workers in the pool (each a worker thread with its own wasm engine, one page at a time). */
  workers: z.number().int().positive().max(16).default(2),
  /** A worker is terminated and replaced after this many pages (wasm memory only grows). */
  recycleAfterPages: z.number().int().positive().default(100),
  /** Longest one page may take; past it the worker is replaced and the page fails as a system error. */
  pageTimeoutMs: z.number().int().positive().default(60_000),
  /** Form fields read with a lower confidence (0-100) are marked for human review. */
  minConfidence: z.number().min(0).max(100).default(80),
  /** Image or PDF files larger than this are refused before they are read. */
  maxFileBytes: z.number().int().positive().default(50 * 1024 * 1024),
  /** Images with more pixels than this are refused before they are decoded (an A4 page at 600 dpi has 35 million). */
  maxPixels: z.number().int().positive().default(40_000_000),
  /** Resolution at which image-only PDF pages are rendered for OCR. */
  pdfDpi: z.number().int().min(72).max(600).default(300),
});

export const configSchema = z.strictObject({
  /** Documents, evidence, reports and the embedded Redis's files. */
  dataDir: z.string().default('.rpa'),
  /** Secrets file (JSON or YAML map of secret name to value). Must not be readable by group or others. */
  secretsFile: z.string().optional(),
  redis: z
    .strictObject({
      /** Unset: a private redis-server is started in dataDir. REDIS_URL overrides. */
      url: z.string().optional(),
      /** Queue and key prefix. */
      prefix: z.string().min(1).default('rpa'),
      /**
       * A Redis with Sentinel: the Sentinels' addresses and the master's name. `url` (or REDIS_URL)
       * then gives only the password and database (`redis://:password@sentinel/0`); the master is
       * asked of the Sentinels, again after a failover.
       */
      sentinel: z
        .strictObject({
          name: z.string().min(1),
          nodes: z.array(z.strictObject({ host: z.string().min(1), port: z.number().int().positive().default(26379) })).min(1),
        })
        .optional(),
      /**
       * When the master has replicas: how long an item waits, before its outcome is recorded, for one
       * of them to confirm its writes (WAIT); none in time, it runs again. 0: no waiting (a failover
       * may then lose what an item wrote while keeping its outcome).
       */
      replicaAckMs: z.number().int().min(0).default(5_000),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      /** auto: human-readable when writing to a terminal. */
      pretty: z.enum(['auto', 'always', 'never']).default('auto'),
    })
    .prefault({}),
  browser: z
    .strictObject({
      executablePath: z.string().default('/usr/bin/chromium'),
      headless: z.boolean().default(true),
      navigationTimeoutMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  worker: z
    .strictObject({
      /** On SIGTERM/SIGINT, how long running items may take to finish. */
      shutdownGraceMs: z.number().int().positive().default(30_000),
      /** A worker that has not renewed an item's lock for this long is presumed dead. */
      lockDurationMs: z.number().int().positive().default(30_000),
      stalledIntervalMs: z.number().int().positive().default(30_000),
      /** How often a worker looks at the plans under way: starts the steps that may start, forecasts the finish. */
      planCheckMs: z.number().int().positive().default(5_000),
      /** Port of the worker's Prometheus /metrics (0: none). Several workers on one machine need a port each. */
      metricsPort: z.number().int().min(0).max(65535).default(0),
      metricsHost: z.string().default('127.0.0.1'),
      /** Which bots this worker runs; empty means all registered bots. */
      bots: z.array(z.string()).default([]),
    })
    .prefault({}),
  targets: z.record(z.string(), target).default({}),
  bots: z.record(z.string(), bot).default({}),
  simulator: simulator.prefault({}),
  banking: banking.prefault({}),
  paymentFiles: paymentFiles.prefault({}),
  mandateFiles: mandateFiles.prefault({}),
  directDebits: directDebits.prefault({}),
  collectionAnswers: collectionAnswers.prefault({}),
  collectionFiles: collectionFiles.prefault({}),
  statements: statements.prefault({}),
  reconciliation: reconciliation.prefault({}),
  /** Runs started on business calendars (config/schedules.ts). */
  schedules: schedulesSchema,
  /** Prometheus /metrics on the worker (worker.metricsPort) and the board, behind this secret as a bearer token. */
  metrics: z.strictObject({ tokenSecret: z.string().min(1).default('metrics/token') }).prefault({}),
  /** Nights as chains of runs with a deadline (config/plans.ts); each starts as a schedule of the same name. */
  plans: plansSchema,
  ocr: ocr.prefault({}),
  /** The web app for operators and exception handlers (config/board.ts). */
  board: boardSchema.prefault({}),
  compliance: z
    .strictObject({
      /** AML transaction rules (compliance/rules/). */
      rules: complianceRules,
      /** Alert routing and sinks (compliance/alerts/). */
      alerts: complianceAlerts.prefault({}),
      /** Sanctions list files and how often they are checked for a new version (compliance/lists/). */
      lists: complianceListsSchema.prefault({}),
      /** Name screening thresholds and weights (compliance/screening/). */
      screening: complianceScreeningSchema.prefault({}),
    })
    .prefault({}),
}).superRefine((c, ctx) => {
  const schedules = new Set(c.schedules.map((s) => s.name));
  c.plans.forEach((p, i) => {
    if (schedules.has(p.name)) ctx.addIssue({ code: 'custom', path: ['plans', i, 'name'], message: `a schedule is named "${p.name}" too: a plan starts as a schedule of its name` });
  });
});

export type Config = z.infer<typeof configSchema>;
export type TargetConfig = z.infer<typeof target>;
export type BotConfig = z.infer<typeof bot>;
export type SimulatorConfig = z.infer<typeof simulator>;
export type BankingConfig = z.infer<typeof banking>;
export type PaymentFilesConfig = z.infer<typeof paymentFiles>;
export type MandateFilesConfig = z.infer<typeof mandateFiles>;
export type OcrConfig = z.infer<typeof ocr>;

/** Bot settings with defaults for bots that the config does not name. */
export function botConfig(config: Config, name: string): BotConfig {
  return config.bots[name] ?? bot.parse({});
}

export type DirectDebitsConfig = z.infer<typeof directDebits>;
