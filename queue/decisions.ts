import type { Job } from 'bullmq';
import type { Actor } from './actor.js';
import { ComplianceHoldNotResumable, type Decision, type ExceptionRecord } from './exceptions-store.js';
import { digestOf } from './canonical-json.js';
import type { ItemData, ReleasedHold } from './item-data.js';
import type { Runtime } from './runtime.js';
import { RpaError } from '../banking/index.js';
import { decideStepException } from './plans/decide-step.js';
import { isStepException } from './plans/step-exception.js';

/**
 * The system, when the facts settle an exception (a break a later statement matched): it resumes the
 * item, whose bot then finds nothing left to do. Its decisions are audited like a person's.
 */
export const SYSTEM_ACTOR: Actor = { username: 'system', roles: ['handler'] };

export class ItemGone extends RpaError {
  readonly whatNext = 'The item\'s job is no longer in the queue (removed by an operator?): dispatch it again if the work is still to be done.';
  constructor(itemId: string) {
    super(`item ${itemId} is no longer in its queue, so it cannot be resumed`);
  }
}

/** Edited data that the bot's own input schema refuses: nothing is decided. */
export class InvalidEditedInput extends RpaError {
  readonly whatNext = 'Correct the fields named and resume again.';
  constructor(
    bot: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`the edited data does not match the ${bot} schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Checks edited item data against the bot's input schema; the issues name each field by its dotted path. */
export function checkEditedInput(rt: Runtime, bot: string, input: unknown): void {
  const parsed = rt.bot(bot).input.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEditedInput(bot, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message })));
  }
}

/**
 * An exception handler's decision, carried out: recorded in the exceptions store (who, when; the
 * store refuses what the actor's roles or the four-eyes rule do not allow), then applied to the
 * item. Resume (with the input as edited, if it was, after the bot's schema accepts it) and an
 * approval run the item again with fresh attempts. A recommendation leaves the item as it is; when
 * it proposes corrected data, the bot's schema checks them first.
 *
 * An approved compliance release: with the recommended data unchanged, the hold is released for
 * that item and that exact input (a later edit of the item brings the hold back); with corrected
 * data, nothing is released: the item runs on the corrected data and is screened again.
 * Reject closes the item.
 *
 * The decision writes its own audit entries (the board and the CLI write none): an `edit` (resume)
 * or `propose-edit` (recommend) naming the fields the corrected data changed, then the `decision`
 * with its note, the actor's roles and where it was made (`via`).
 */
export async function decideException(
  rt: Runtime,
  id: string,
  decision: Decision,
  actor: Actor,
  options: { note?: string; editedInput?: unknown; via?: 'board' | 'cli' | 'system' } = {},
): Promise<ExceptionRecord> {
  const opened = await rt.exceptions.get(id);
  // A night's step that did not run: no item, no job; its decision starts the step again or leaves it out.
  if (isStepException(opened)) {
    const record = await decideStepException(rt, opened, decision, actor, { note: options.note });
    await auditDecision(rt, id, decision, actor, record, options.note, options.via, false);
    return record;
  }
  const edited = options.editedInput !== undefined;
  // The item's job: carried out on (resume, approve, reject), and its input the "before" of an edit.
  const job = decision !== 'recommend' || edited ? ((await rt.queue(opened.bot).getJob(opened.itemId)) as Job<ItemData> | undefined) : undefined;
  const before = job?.data.input;
  const record = await carryOut(rt, opened, job, decision, actor, options);
  // Both as the bot's schema reads them (defaults filled in), so a default the form showed is no change.
  const asRead = (input: unknown) => {
    const parsed = rt.bot(record.bot).input.safeParse(input);
    return parsed.success ? parsed.data : input;
  };
  const fields = edited ? changedPaths(asRead(before), asRead(options.editedInput)) : [];
  if (edited && (decision === 'resume' || decision === 'recommend')) {
    await rt.audit.append({ actor: actor.username, action: decision === 'resume' ? 'edit' : 'propose-edit', target: `item:${record.itemId}`, details: { exceptionId: id, fields } });
  }
  await auditDecision(rt, id, decision, actor, record, options.note, options.via, edited);
  return record;
}

async function auditDecision(rt: Runtime, id: string, decision: Decision, actor: Actor, record: ExceptionRecord, note: string | undefined, via: string | undefined, edited: boolean): Promise<void> {
  await rt.audit.append({
    actor: actor.username,
    action: 'decision',
    target: `exception:${id}`,
    details: { decision, note: note ?? null, roles: actor.roles, via: via ?? 'api', edited, status: record.status },
  });
}

/** The fields (dotted paths) whose values differ between two inputs. */
function changedPaths(before: unknown, edited: unknown): string[] {
  const leaves = (v: unknown, at: string, out: Map<string, string>) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) leaves(x, at ? `${at}.${k}` : k, out);
    } else out.set(at || '(input)', JSON.stringify(v));
    return out;
  };
  const a = leaves(before, '', new Map());
  const b = leaves(edited, '', new Map());
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

async function carryOut(
  rt: Runtime,
  opened: ExceptionRecord,
  job: Job<ItemData> | undefined,
  decision: Decision,
  actor: Actor,
  options: { note?: string; editedInput?: unknown },
): Promise<ExceptionRecord> {
  const id = opened.id;
  // Said before anything else, so a resume of a hold is refused as such, whatever data came with it (the store refuses it too).
  if (decision === 'resume' && opened.type === 'compliance') throw new ComplianceHoldNotResumable(id);
  if (options.editedInput !== undefined) checkEditedInput(rt, opened.bot, options.editedInput);
  if (decision === 'recommend') return rt.exceptions.decide(id, decision, actor, options);
  // The exception opens just before its job is moved to failed: wait for that, so the decision is never recorded
  // for an item that cannot be run again.
  if (!job) throw new ItemGone(opened.itemId);
  for (let i = 0; i < 50 && (await job.getState()) === 'active'; i++) await new Promise((r) => setTimeout(r, 100));
  const record = await rt.exceptions.decide(id, decision, actor, options);
  const by = actor.username;
  if (record.status === 'open') return record;
  if (record.status === 'rejected') {
    await rt.items.setStatus(record.itemId, 'rejected', { note: `rejected by ${by}${options.note ? `: ${options.note}` : ''}` });
    return record;
  }
  const data: ItemData = { ...job.data };
  const edited = record.decision?.editedInput;
  if (edited !== undefined) data.input = edited;
  const rule = record.error.details?.rule;
  if (record.type === 'compliance' && record.status === 'approved' && edited === undefined && typeof rule === 'string') {
    const release: ReleasedHold = { rule, exceptionId: record.id, approvedBy: record.approvals.map((a) => a.by), inputDigest: digestOf(data.input) };
    data.released = [...(data.released ?? []), release];
  }
  await job.updateData(data);
  await job.retry('failed', { resetAttemptsMade: true });
  await rt.items.setStatus(record.itemId, 'queued', { note: `${record.status} by ${by}${edited !== undefined ? ' with corrected data' : ''}` });
  return record;
}
