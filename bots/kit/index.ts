/**
 * bots/kit — what every bot, run and target is built with. A bot file reads as the business
 * procedure on top of these: no selectors, no retries, no Redis in it.
 *
 *   defineBot({ name, input, key, target?, services?, presentation?, amount?, run })   // one kind of item (amount: its money, for totals)
 *   moneyOrNone(read)                                                        // an amount that cannot be read is none
 *   defineRun({ name, title, takes, extensions, accepts, inbox?, plan, fromSchedule? }) // a file, or a schedule's start, becomes items
 *   takesNoFile(name)                                                        // the file side of a run only a schedule or a night starts
 *   scheduleParams(run, schema, raw, start) / dayOfStart(start, which, config)   // what such a run reads from its start
 *   defineService(name, make)                                                // a process service bots declare
 *
 * A bot's `run(input, ctx)` gets a `BotContext`: its logger, progress, evidence, abort signal, a
 * leased `session()` of its target, `postOnce(steps)` (each write exactly once, journalled under the
 * item's business key), the `services` it declared, and its run's other items.
 *
 * Errors decide what the queue does (DESIGN.md): `BusinessRuleError` (no retry, an exception),
 * `ComplianceHold` (four eyes), `TargetUnavailable` (waits without using an attempt),
 * `CredentialsRejected` (no retry), anything else retried; every class extends `RpaError`.
 *
 * Targets implement `TargetAdapter` (bots/targets/<system>/); the worker's runtime leases their bot
 * accounts (`AccountLeases`) and keeps their sessions (`SessionPool`). Web targets drive pages;
 * green-screen targets drive a `Terminal`.
 */

// Defining bots, runs and services.
export { defineBot, moneyOrNone, type AnyBot, type Bot } from './define-bot.js';
export { dayOfStart, scheduleParams, type StartDay } from './schedule-start.js';
export { defineRun, takesNoFile, type Acceptance, type AnyRun, type Run, type RunChild, type RunInbox, type RunPlan, type ScheduledStart } from './define-run.js';
export { defineService, type Service, type ServiceDeps } from './define-service.js';
export type { BotPresentation, EvidenceTable, FieldEvidence, FieldView, ItemSummary, SourceRowView, WrongField } from './presentation.js';

// What a bot's run gets.
export type { BotContext, BotServices, ItemInfo, RunItemOutcome } from './context.js';
export { runExceptions, runOutcomeCounts, type RunOutcomeCounts } from './run-outcomes.js';
export { createEvidenceStore, evidenceFolder, type EvidenceRef, type EvidenceStore } from './evidence.js';

// The error taxonomy: the class decides what the queue does.
export { BusinessRuleError, classifyError, ComplianceHold, CredentialsRejected, RpaError, SessionLost, TargetUnavailable, type ErrorKind } from './errors.js';

// Files a run refuses whole, and run ids from a file's content.
export { FileRejected, runIdFromDigest } from './file-rejected.js';
// A run's two passes over a sheet (check, then rows), its refusals its own.
export { acceptsSheet, checkSheet, refusalFor, SHEET_KINDS, sheetRows, type FileRejectedClass } from './sheet-passes.js';

// Exactly once.
export { PostingInProgress, PostingJournal, PostingNotFoundAfterWrite, type Posted, type PostResult, type PostSteps } from './post-once.js';
export { holdKey, type HeldKey } from './held-key.js';

// Targets, their accounts and sessions.
export type { Credentials, TargetAdapter } from './target.js';
export type { BrowserSession, TargetSession, UseOptions } from './target-session.js';
export { AccountLeases, NoFreeAccount, type Lease } from './account-leases.js';
export { SessionPool, UnknownTarget, type LeasedSession } from './session-pool.js';
export { BrowserNotInstalled, CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, launchBrowser } from './browser.js';

// Green-screen targets: a 24 × 80 terminal in a web emulator (screen as text, fields by position,
// attention keys that wait out the keyboard lock, typed text read back).
export { FieldNotOnScreen, Screen, Terminal, TransactionAbended, TypingLost, type FieldPosition, type TerminalOptions } from './terminal.js';
