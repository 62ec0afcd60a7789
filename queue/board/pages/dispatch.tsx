/**
 * Dispatch: choose a run or a bot; upload a run's file (it becomes one run, e.g. a payment file) or
 * fill in a bot's parameters (a form generated from the bot's zod schema and checked by it, errors
 * next to each field); a priority; now or at a time (the bank's time zone). Every dispatch is
 * audited. Runs come from the registry: this page names none.
 */
import type { Run } from '../../../bots/kit/index.js';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { dispatchItem, newRunId, type Scheduling } from '../../dispatch.js';
import { dispatchFile, refusalOf } from '../../run-sources.js';
import { editedInput, itemForm } from '../data/presented-form.js';
import { checkWithSchema, mergeErrors, readForm, typedValues, type FormErrors } from '../data/schema-form.js';
import { zonedToEpoch } from '../data/zoned-time.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Notice } from '../views/components.js';
import { href } from '../views/format.js';
import { CsrfField } from '../views/layout.js';
import { SchemaFields } from '../views/schema-form.js';
import { OPERATORS, page, timeZone } from './common.js';

const PRIORITIES: { value: string; label: string }[] = [
  { value: '', label: 'Normal: ahead of any prioritised item, like the drop folder and the command line' },
  { value: '1', label: 'Priority 1: first of the prioritised items' },
  { value: '10', label: 'Priority 10' },
  { value: '100', label: 'Priority 100: last' },
];

interface DispatchForm {
  bot?: string;
  values: Record<string, unknown>;
  input?: unknown;
  typed?: Record<string, string>;
  errors: FormErrors;
  problem?: { message: string; whatNext?: string };
}

/** The runs a file starts (a run a schedule starts takes no file, and is not offered here). */
const fileRuns = (rt: { runs: ReadonlyMap<string, Run> }) => new Map([...rt.runs].filter(([, r]) => r.extensions.length > 0));

function DispatchPage(props: { c: Context<BoardEnv>; form: DispatchForm }) {
  const { c, form } = props;
  const rt = c.var.services.rt;
  // Runs (a file becomes a run) and bots (one item from parameters), by name; a run's name wins.
  const bots = [...new Set([...fileRuns(rt).keys(), ...rt.bots.keys()])].sort();
  const bot = form.bot && (fileRuns(rt).has(form.bot) || rt.bots.has(form.bot)) ? form.bot : undefined;
  const fileRun = bot ? fileRuns(rt).get(bot) : undefined;
  const err = (name: string) => (form.errors[name]?.length ? <span class="field-error">{form.errors[name]!.join('; ')}</span> : null);
  return (
    <>
      <form method="get" action="/dispatch" class="filters">
        <label>
          Run or bot
          <select name="bot" data-autosubmit="">
            <option value="">— choose —</option>
            {bots.map((b) => (
              <option value={b} selected={b === bot}>
                {b}
                {fileRuns(rt).has(b) ? ` (a file: ${fileRuns(rt).get(b)!.title})` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Choose
        </button>
      </form>
      {form.problem ? (
        <Notice kind="bad">
          <strong>{form.problem.message}</strong>
          {form.problem.whatNext ? <p>{form.problem.whatNext}</p> : null}
        </Notice>
      ) : null}
      {bot ? (
        <form method="post" action="/dispatch" enctype="multipart/form-data" class="panel dispatch">
          <CsrfField token={c.var.csrfToken} />
          <input type="hidden" name="bot" value={bot} />
          <h2>{bot}</h2>
          {fileRun ? (
            <div class={form.errors.file ? 'field invalid' : 'field'}>
              <label for="file">{fileRun.title}</label>
              <input type="file" id="file" name="file" accept={fileRun.extensions.join(',')} required />
              <p class="muted">Takes {fileRun.takes}.</p>
              {err('file')}
            </div>
          ) : (
            <SchemaFields form={itemForm(rt.bot(bot))} input={form.input} typed={form.typed} errors={form.errors} />
          )}
          <div class={form.errors.priority ? 'field invalid' : 'field'}>
            <label for="priority">Priority</label>
            <select id="priority" name="priority">
              {PRIORITIES.map((p) => (
                <option value={p.value} selected={p.value === String(form.values.priority ?? '')}>
                  {p.label}
                </option>
              ))}
            </select>
            {err('priority')}
          </div>
          <div class={form.errors.runAt ? 'field invalid' : 'field'}>
            <label for="runAt">Run at ({timeZone(c)}; empty: now)</label>
            <input type="datetime-local" id="runAt" name="runAt" value={String(form.values.runAt ?? '')} />
            {err('runAt')}
          </div>
          <button type="submit">Dispatch</button>
        </form>
      ) : (
        <p class="muted">Choose a run (a file) or a bot (one item) to dispatch work to.</p>
      )}
    </>
  );
}

/** Priority and start time from the form; errors keyed by field. */
function scheduling(values: Record<string, unknown>, tz: string, now: number): { scheduling: Scheduling; errors: FormErrors; runAt?: number } {
  const errors: FormErrors = {};
  const p = String(values.priority ?? '');
  if (!PRIORITIES.some((x) => x.value === p)) errors.priority = ['choose one of the priorities offered'];
  const runAtText = String(values.runAt ?? '').trim();
  let runAt: number | undefined;
  if (runAtText) {
    runAt = zonedToEpoch(runAtText, tz);
    if (runAt === undefined) errors.runAt = ['a date and time, e.g. 2026-11-23T14:30'];
    else if (runAt < now - 60_000) errors.runAt = ['this time has passed'];
  }
  return { scheduling: { priority: p ? Number(p) : undefined, delayMs: runAt !== undefined ? Math.max(0, runAt - now) : undefined }, errors, runAt };
}

/** Saves an upload under `<dataDir>/uploads/<random>/<its name, made safe>`: the name stays readable in the run and its report. */
async function saveUpload(dataDir: string, file: File): Promise<string> {
  const name = path.basename(file.name || 'upload').replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'upload';
  const dir = path.resolve(dataDir, 'uploads', randomUUID());
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, name);
  await writeFile(target, Buffer.from(await file.arrayBuffer()));
  return target;
}

async function postDispatch(c: Context<BoardEnv>): Promise<Response> {
  const { rt, audit } = c.var.services;
  const body = await c.req.parseBody();
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  const bot = typeof body.bot === 'string' ? body.bot : '';
  const again = (form: Omit<DispatchForm, 'bot' | 'values'>, status: 400 | 422 = 422) =>
    page(c, 'Dispatch', <DispatchPage c={c} form={{ bot, values, ...form }} />, status);
  if (!fileRuns(rt).has(bot) && !rt.bots.has(bot)) return again({ errors: {}, problem: { message: 'Choose a run or a bot.' } }, 400);
  const now = Date.now();
  const sched = scheduling(values, timeZone(c), now);
  const fileRun = fileRuns(rt).get(bot);
  const actor = c.var.user.username;
  const auditDetails = { bot, priority: sched.scheduling.priority ?? null, runAt: sched.runAt ? new Date(sched.runAt).toISOString() : null };

  if (fileRun) {
    const file = body.file;
    const errors = { ...sched.errors };
    if (!(file instanceof File) || file.size === 0) errors.file = ['choose a file'];
    if (Object.keys(errors).length) return again({ errors });
    const saved = await saveUpload(rt.config.dataDir, file as File);
    // Only the upload of a run that was created is kept (it is the run's source document); a refused
    // file, or one whose run exists already, is deleted at once.
    const discard = () => rm(path.dirname(saved), { recursive: true, force: true });
    try {
      const run = await dispatchFile(rt, fileRun.name, saved, sched.scheduling);
      if (!run.created) await discard();
      await audit.append({ actor, action: 'dispatch', target: `run:${run.runId}`, details: { ...auditDetails, file: path.basename(saved), items: run.items.length, created: run.created } });
      return c.redirect(href.run(run.runId, { done: run.created ? 'dispatched' : 'dispatched-known' }), 303);
    } catch (err) {
      await discard();
      const refused = refusalOf(err);
      if (refused) return again({ errors: { file: [refused.reason] }, problem: { message: `${path.basename(saved)}: ${refused.reason}`, whatNext: refused.whatNext } });
      throw err;
    }
  }

  const schema = rt.bot(bot).input;
  // The bot's fields with its labels (its whole schema when it presents none).
  const form = itemForm(rt.bot(bot));
  const read = readForm(form, body);
  const input = editedInput(rt.bot(bot), {}, read.input, form, { fresh: true });
  const checked = checkWithSchema(schema, form, input);
  const errors = { ...sched.errors, ...mergeErrors(read.errors, checked.ok ? {} : checked.errors) };
  if (Object.keys(errors).length) return again({ input, typed: typedValues(form, body), errors });
  const runId = newRunId('board');
  const d = await dispatchItem(rt, bot, input, { runId, ...sched.scheduling });
  await audit.append({ actor, action: 'dispatch', target: `item:${d.itemId}`, details: { ...auditDetails, businessKey: d.businessKey, runId, created: d.created } });
  return c.redirect(`${href.item(d.itemId)}?done=${d.created ? 'dispatched' : 'dispatched-known'}`, 303);
}

export const dispatchRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/dispatch',
    roles: OPERATORS,
    handler: (c) => page(c, 'Dispatch', <DispatchPage c={c} form={{ bot: c.req.query('bot'), values: {}, errors: {} }} />),
  },
  { method: 'POST', path: '/dispatch', roles: OPERATORS, handler: postDispatch },
];
