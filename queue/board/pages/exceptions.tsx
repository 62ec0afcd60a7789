/**
 * An exception's page: the reason, the evidence (the source row, screenshots, the screening
 * explanation and list entry, every structured detail as text) and the item's data in a form
 * generated from the bot's schema; and the decisions, each carried out through the store, which
 * checks the user's roles and the four-eyes rule (so a direct POST gets no further than the
 * buttons): assign to me, comment, edit and resume, recommend and approve a compliance release,
 * reject with a reason. Each is audited.
 */
import { TextTable } from '../views/text-table.js';
import type { Context } from 'hono';
import type { Actor } from '../../actor.js';
import { decideException, InvalidEditedInput } from '../../decisions.js';
import { mayAct } from '../../exception-permissions.js';
import { recommendationOf, severityOf, type ExceptionRecord } from '../../exceptions-store.js';
import type { ItemData } from '../../item-data.js';
import { evidenceRel } from '../data/evidence-files.js';
import { editedInput as mergedEdit, itemForm, provenanceOf } from '../data/presented-form.js';
import { allFields, checkWithSchema, mergeErrors, readForm, typedValues, valueAt, type FormErrors, type FormGroup } from '../data/schema-form.js';
import type { AnyBot } from '../../../bots/kit/index.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Age, Badge, DataTree, Notice, Time } from '../views/components.js';
import { href } from '../views/format.js';
import { CsrfField } from '../views/layout.js';
import { SchemaFields } from '../views/schema-form.js';
import { actorOf, DECIDERS, doneNotice, formOf, INBOX_READERS, page, refusal, timeZone } from './common.js';
import { slaMs } from './inbox.js';
import { isStepException, stepFacts } from '../../plans/index.js';

interface Loaded {
  e: ExceptionRecord;
  /** The item's data as its job holds it now (what a resume runs with, unless edited). */
  input: unknown;
  jobState?: string;
}

async function load(c: Context<BoardEnv>, id: string): Promise<Loaded> {
  const rt = c.var.services.rt;
  const e = await rt.exceptions.get(id);
  const job = rt.bots.has(e.bot) ? await rt.queue(e.bot).getJob(e.itemId) : undefined;
  return { e, input: (job?.data as ItemData | undefined)?.input, jobState: job ? await job.getState() : undefined };
}

/** Where the item came from, as its bot presents it: the source row's cells and the provenance facts, read-only. */
function SourceRow(props: { bot?: AnyBot; input: unknown }) {
  const { facts, row } = provenanceOf(props.bot, props.input);
  if (!row && facts.length === 0) return null;
  const cells = row ? Object.entries(row.cells) : [];
  return (
    <section class="provenance">
      <h3>{row ? `Source: row ${row.row} of ${row.file}${row.sheet ? ` (sheet ${row.sheet})` : ''}` : 'Where it came from'}</h3>
      {cells.length ? (
        <table class="source-row">
          <tbody>
            {cells.map(([k, v]) => (
              <tr>
                <th>{k}</th>
                <td class="mono">{v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {facts.length ? (
        <dl class="facts">
          {facts.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </>
          ))}
        </dl>
      ) : null}
    </section>
  );
}

/** The bot's tables of evidence for the item (a break's statement entry and ledger lines), if it gives any. */
function EvidenceTables(props: { bot?: AnyBot; input: unknown }) {
  const make = props.bot?.presentation?.evidenceTables;
  if (!make) return null;
  const parsed = props.bot!.input.safeParse(props.input);
  if (!parsed.success) return null;
  return (
    <>
      {make(parsed.data).map((t) => (
        <section class="provenance">
          <h3>{t.caption}</h3>
          {t.rows.length ? (
            <TextTable class="source-row" columns={t.columns} rows={t.rows} />
          ) : (
            <p class="muted">None.</p>
          )}
        </section>
      ))}
    </>
  );
}

/** A screening hit's explanation and list entries, when the error's details carry them. */
function Screening(props: { details?: Record<string, unknown> }) {
  const d = props.details ?? {};
  const explanation = typeof d.explanation === 'string' ? d.explanation : undefined;
  const hits = Array.isArray(d.hits) ? (d.hits as Record<string, unknown>[]).filter((h) => h && typeof h === 'object') : [];
  const entry = d.entry && typeof d.entry === 'object' ? (d.entry as Record<string, unknown>) : undefined;
  if (!explanation && hits.length === 0 && !entry) return null;
  const text = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'number' ? v.toFixed(3) : String(v));
  return (
    <section>
      <h3>Screening</h3>
      {explanation ? <pre class="data screening">{explanation}</pre> : null}
      {hits.length ? (
        <table>
          <thead>
            <tr>
              <th>List</th>
              <th>Entry</th>
              <th>Listed name</th>
              <th>Matched name</th>
              <th class="num">Score</th>
              <th>Programmes</th>
            </tr>
          </thead>
          <tbody>
            {hits.slice(0, 20).map((h) => (
              <tr>
                <td>{text(h.list)}</td>
                <td class="mono">{text(h.entryId)}</td>
                <td>{text(h.entryName)}</td>
                <td>{text(h.matchedName)}</td>
                <td class="num">{text(h.score)}</td>
                <td>{text(h.programs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {entry ? (
        <>
          <h4>List entry</h4>
          <DataTree value={entry} />
        </>
      ) : null}
    </section>
  );
}

function Decisions(props: { c: Context<BoardEnv>; l: Loaded; errors?: FormErrors; editedInput?: unknown; typed?: Record<string, string> }) {
  const { c, l } = props;
  const { e } = l;
  const actor = actorOf(c);
  const base = `/exceptions/${encodeURIComponent(e.id)}`;
  const token = c.var.csrfToken;
  const open = e.status === 'open';
  const recommended = recommendationOf(e);
  const rt = c.var.services.rt;
  const bot = rt.bots.get(e.bot);
  const form = bot ? itemForm(bot, e.error.details, l.input) : undefined;
  const canResume = open && mayAct(actor, 'resume', e.type) && l.jobState === 'failed';
  // A night's step that did not run: resuming it starts the step.
  const stepOpen = open ? stepFacts(e) : undefined;
  return (
    <>
      {open && mayAct(actor, 'assign', e.type) ? (
        <form method="post" action={`${base}/${e.assignee === actor.username ? 'unassign' : 'assign'}`} class="inline">
          <CsrfField token={token} />
          <button type="submit" class="secondary">
            {e.assignee === actor.username ? 'Give back' : e.assignee ? `Take over from ${e.assignee}` : 'Assign to me'}
          </button>
        </form>
      ) : null}
      {open && e.type === 'compliance' ? (
        <section class="panel four-eyes">
          <h3>Compliance release (four eyes)</h3>
          {recommended ? (
            <p>
              Release recommended by <strong>{recommended.by}</strong> at <Time at={recommended.at} tz={timeZone(c)} />
              {recommended.note ? `: ${recommended.note}` : ''}. A different approver approves it.
            </p>
          ) : (
            <p>Nobody has recommended a release yet.</p>
          )}
          {recommended?.editedInput !== undefined && form ? <ProposedEdit form={form} before={l.input} after={recommended.editedInput} /> : null}
          {!recommended && mayAct(actor, 'recommend', e.type) ? (
            <form method="post" action={`${base}/recommend`}>
              <CsrfField token={token} />
              {form ? (
                <>
                  <h4>The item's data</h4>
                  <p class="muted">Leave them as they are to release the hold on these data. Correct them to propose corrected data instead: once approved, the item is screened again with them.</p>
                  <SchemaFields form={form} input={props.editedInput ?? l.input} typed={props.typed} errors={props.errors} />
                </>
              ) : null}
              <label>
                Why it can be released
                <textarea name="note" rows={2} required maxlength={2000}></textarea>
              </label>
              <button type="submit">Recommend release</button>
            </form>
          ) : null}
          {recommended && mayAct(actor, 'approve', e.type) ? (
            recommended.by === actor.username ? (
              <p class="muted">You recommended this release: another approver must approve it.</p>
            ) : (
              <form method="post" action={`${base}/approve`}>
                <CsrfField token={token} />
                <label>
                  Note
                  <textarea name="note" rows={2} maxlength={2000}></textarea>
                </label>
                <button type="submit">{recommended.editedInput !== undefined ? 'Approve the corrected data' : 'Approve release'}</button>
              </form>
            )
          ) : null}
        </section>
      ) : null}
      {stepOpen && mayAct(actor, 'resume', e.type) ? (
        <form method="post" action={`${base}/resume`} class="panel">
          <CsrfField token={token} />
          <h3>Start the step again</h3>
          <p class="muted">
            When what the reason names is mended: step {stepOpen.step} {stepOpen.state === 'stopped' ? 'starts' : 'starts again'}, with the steps stopped after it, and the night goes on.
          </p>
          <label>
            Note
            <input type="text" name="note" maxlength={2000} size={60} />
          </label>
          <button type="submit">Start the step</button>
        </form>
      ) : null}
      {canResume && form ? (
        <form method="post" action={`${base}/resume`} class="panel">
          <CsrfField token={token} />
          <h3>The item's data</h3>
          <p class="muted">Correct what is wrong and resume: the item runs again with these data, checked first by the {e.bot} schema.</p>
          <SchemaFields form={form} input={props.editedInput ?? l.input} typed={props.typed} errors={props.errors} />
          <label>
            Note
            <input type="text" name="note" maxlength={2000} size={60} />
          </label>
          <button type="submit">Resume with these data</button>
        </form>
      ) : form && !(open && e.type === 'compliance' && !recommended && mayAct(actor, 'recommend', e.type)) ? (
        <section class="panel">
          <h3>The item's data</h3>
          <SchemaFields form={form} input={l.input} readOnly />
        </section>
      ) : null}
      {open && mayAct(actor, 'reject', e.type) ? (
        <form method="post" action={`${base}/reject`} class="panel" data-confirm={isStepException(e) ? 'Leave this step out of the night? It will not run.' : 'Reject this item? It will not be done.'}>
          <CsrfField token={token} />
          <label>
            Reason for rejecting (required)
            <textarea name="note" rows={2} required maxlength={2000}></textarea>
          </label>
          <button type="submit" class="danger">
            Reject
          </button>
        </form>
      ) : null}
      {mayAct(actor, 'comment', e.type) ? (
        <form method="post" action={`${base}/comment`} class="panel">
          <CsrfField token={token} />
          <label>
            Comment
            <textarea name="note" rows={2} required maxlength={2000}></textarea>
          </label>
          <button type="submit" class="secondary">
            Add comment
          </button>
        </form>
      ) : null}
    </>
  );
}

const shown = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** What a recommendation proposes to change: field, value now, proposed value. */
function ProposedEdit(props: { form: FormGroup; before: unknown; after: unknown }) {
  const fields = changedFields(props.form, props.before, props.after);
  return (
    <>
      <h4>Corrected data proposed with the recommendation</h4>
      <table class="proposed-edit">
        <thead>
          <tr>
            <th>Field</th>
            <th>Now</th>
            <th>Proposed</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr>
              <td>{f.label ?? f.path.join(' › ')}</td>
              <td>{shown(valueAt(props.before, f.path))}</td>
              <td>
                <strong>{shown(valueAt(props.after, f.path))}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Approving releases nothing by itself: the item runs again on the proposed data and is screened again.</p>
    </>
  );
}

function ExceptionPage(props: { c: Context<BoardEnv>; l: Loaded; errors?: FormErrors; editedInput?: unknown; typed?: Record<string, string>; problem?: Error & { whatNext?: string } }) {
  const { c, l } = props;
  const { e } = l;
  const tz = timeZone(c);
  const now = Date.now();
  const step = stepFacts(e);
  const images = e.evidence.filter((r) => /\.(png|jpe?g|gif|webp)$/i.test(r.path));
  const others = e.evidence.filter((r) => !images.includes(r));
  return (
    <>
      {doneNotice(c)}
      {props.problem ? (
        <Notice kind="bad">
          <strong>{props.problem.message}</strong>
          {props.problem.whatNext ? <p>{props.problem.whatNext}</p> : null}
        </Notice>
      ) : null}
      <div class="panel">
        <p>
          <Badge text={e.status} /> <Badge text={e.type} /> <Badge text={severityOf(e)} kind={['critical', 'high'].includes(severityOf(e)) ? 'bad' : 'warn'} /> opened{' '}
          <Time at={e.openedAt} tz={tz} /> {e.status === 'open' ? <Age since={e.openedAt} now={now} slaMs={slaMs(c)} /> : null}
          {e.assignee ? ` · assigned to ${e.assignee}` : ' · unassigned'}
        </p>
        {step ? (
          <p>
            Night {step.plan} of {step.day} · step <strong>{step.step}</strong> ({step.run}) {step.state} · <a href={href.night(step.night)}>the night's page</a>
          </p>
        ) : (
          <p>
            {e.bot} · business key <a href={href.item(e.itemId)}>{e.businessKey}</a> · run <a href={href.run(e.runId)}>{e.runId}</a> · attempt {e.attempt}
          </p>
        )}
        <h2>Reason</h2>
        <p class="reason">{e.reason}</p>
        <p class="muted">
          {e.error.name}
          {e.error.message !== e.reason ? `: ${e.error.message}` : ''}
        </p>
        {e.error.whatNext ? <p>What to do: {e.error.whatNext}</p> : null}
        {e.decision ? (
          <p>
            <strong>
              {e.decision.decision} by {e.decision.by}
            </strong>{' '}
            at <Time at={e.decision.at} tz={tz} />
            {e.decision.note ? `: ${e.decision.note}` : ''}
          </p>
        ) : null}
      </div>
      <div class="beside">
        <div>
          <h2>Decision</h2>
          <Decisions c={c} l={l} errors={props.errors} editedInput={props.editedInput} typed={props.typed} />
        </div>
        <aside>
          <h2>Evidence</h2>
          <SourceRow bot={c.var.services.rt.bots.get(e.bot)} input={l.input} />
          <EvidenceTables bot={c.var.services.rt.bots.get(e.bot)} input={l.input} />
          {images.map((r) => {
            const rel = evidenceRel(r.path);
            return rel ? (
              <figure class="panel evidence">
                <a href={href.evidence(rel)} target="_blank" rel="noopener" title="Open full size">
                  <img class="evidence" src={href.evidence(rel)} alt={r.name} />
                </a>
                <figcaption>
                  {r.name} · <a href={href.evidence(rel)} target="_blank" rel="noopener">open full size</a>
                </figcaption>
              </figure>
            ) : null;
          })}
          {others.length ? (
            <ul>
              {others.map((r) => {
                const rel = evidenceRel(r.path);
                return <li>{rel ? <a href={href.evidence(rel, true)}>{r.name}</a> : r.name}</li>;
              })}
            </ul>
          ) : null}
          {step ? (
            <p>
              <a href={href.night(step.night)}>The night's page</a>: its steps, their runs and reasons, the forecast and the summary.
            </p>
          ) : (
            <p>
              <a href={href.item(e.itemId)}>The item's page</a>: its log lines, every attempt's evidence and the trace.
            </p>
          )}
        </aside>
      </div>
      <Screening details={e.error.details} />
      {e.error.details && Object.keys(e.error.details).length ? (
        <details>
          <summary>Every detail of the error</summary>
          <DataTree value={e.error.details} />
        </details>
      ) : null}
      <h2>History</h2>
      {(e.history ?? []).length === 0 ? (
        <p class="muted">Nobody has acted on it yet.</p>
      ) : (
        <table>
          <tbody>
            {(e.history ?? []).map((h) => (
              <tr>
                <td>
                  <Time at={h.at} tz={tz} />
                </td>
                <td>{h.by}</td>
                <td>{h.action}</td>
                <td>{h.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const idOf = (c: Context<BoardEnv>) => c.req.param('id') ?? '';
const backTo = (id: string, done: string) => `${href.exception(id)}?done=${done}`;

/** The fields that an edit changed. */
function changedFields(form: FormGroup, before: unknown, after: unknown) {
  return allFields(form).filter((f) => JSON.stringify(valueAt(before, f.path) ?? null) !== JSON.stringify(valueAt(after, f.path) ?? null));
}

/**
 * Reads the item's data form of a resume or a recommendation: the edited input when a field changed
 * (checked by the bot's schema), or a page that shows what is wrong.
 */
async function readEdit(c: Context<BoardEnv>, l: Loaded, body: Record<string, unknown>): Promise<{ editedInput?: unknown; changed: string[] } | Response> {
  const bot = c.var.services.rt.bots.get(l.e.bot);
  if (!bot) return { changed: [] };
  const form = itemForm(bot);
  // No field of the form was sent (a plain decision): nothing is edited.
  if (!allFields(form).some((f) => f.name in body)) return { changed: [] };
  const read = readForm(form, body as Record<string, string>);
  // The whole input: a presented form edits its fields of it, the rest is kept as it was.
  const candidate = mergedEdit(bot, l.input, read.input, form);
  const checked = checkWithSchema(bot.input, form, candidate);
  const errors = mergeErrors(read.errors, checked.ok ? {} : checked.errors);
  if (Object.keys(errors).length) {
    return page(c, `Exception: ${l.e.businessKey}`, <ExceptionPage c={c} l={l} errors={errors} editedInput={candidate} typed={typedValues(form, body as Record<string, string>)} />, 422);
  }
  // Against the data as the schema reads them (defaults filled in), so a default the form shows is no edit.
  const before = bot.input.safeParse(l.input);
  const changed = changedFields(form, before.success ? before.data : l.input, candidate).map((f) => f.path.join('.'));
  return { editedInput: changed.length ? candidate : undefined, changed };
}

/** Resume and recommend: both may carry corrected data (a recommendation's only as a proposal for the approver). */
function editingRoute(decision: 'resume' | 'recommend', roles: RouteSpec['roles']): RouteSpec {
  return {
    method: 'POST',
    path: `/exceptions/:id/${decision}`,
    roles,
    handler: async (c) => {
      const id = idOf(c);
      const { rt } = c.var.services;
      let l: Loaded;
      try {
        l = await load(c, id);
      } catch (err) {
        return refusal(c, err);
      }
      const body = await c.req.parseBody();
      const note = typeof body.note === 'string' ? body.note.trim().slice(0, 2000) : '';
      const edit = await readEdit(c, l, body);
      if (edit instanceof Response) return edit;
      try {
        await decideException(rt, id, decision, actorOf(c), { note: note || undefined, editedInput: edit.editedInput, via: 'board' });
      } catch (err) {
        if (err instanceof InvalidEditedInput) {
          const errors = Object.fromEntries(err.issues.map((i) => [`in.${i.path}`, [i.message]]));
          return page(c, `Exception: ${l.e.businessKey}`, <ExceptionPage c={c} l={l} errors={errors} editedInput={edit.editedInput} />, 422);
        }
        return refusal(c, err, href.exception(id));
      }
      return c.redirect(backTo(id, decision === 'resume' ? 'resumed-item' : 'recommended'), 303);
    },
  };
}

function decisionRoute(decision: 'approve' | 'reject', roles: RouteSpec['roles']): RouteSpec {
  return {
    method: 'POST',
    path: `/exceptions/:id/${decision}`,
    roles,
    handler: async (c) => {
      const id = idOf(c);
      const { note } = await formOf(c);
      const text = note?.trim().slice(0, 2000) || undefined;
      try {
        // The decision writes its own audit entry.
        await decideException(c.var.services.rt, id, decision, actorOf(c), { note: text, via: 'board' });
      } catch (err) {
        return refusal(c, err, href.exception(id));
      }
      return c.redirect(backTo(id, decision === 'approve' ? 'approved' : 'rejected'), 303);
    },
  };
}

function actionRoute(action: 'assign' | 'unassign' | 'comment', roles: RouteSpec['roles'], act: (c: Context<BoardEnv>, id: string, actor: Actor, note: string) => Promise<unknown>): RouteSpec {
  return {
    method: 'POST',
    path: `/exceptions/:id/${action}`,
    roles,
    handler: async (c) => {
      const id = idOf(c);
      const { note = '' } = await formOf(c);
      try {
        await act(c, id, actorOf(c), note);
      } catch (err) {
        return refusal(c, err, href.exception(id));
      }
      await c.var.services.audit.append({ actor: c.var.user.username, action, target: `exception:${id}`, details: action === 'comment' ? { text: note.slice(0, 2000) } : {} });
      return c.redirect(backTo(id, action === 'comment' ? 'commented' : `${action}ed`), 303);
    },
  };
}

export const exceptionRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/exceptions/:id',
    roles: INBOX_READERS,
    handler: async (c) => {
      try {
        const l = await load(c, idOf(c));
        return page(c, `Exception: ${l.e.businessKey}`, <ExceptionPage c={c} l={l} />);
      } catch (err) {
        return refusal(c, err, '/inbox');
      }
    },
  },
  actionRoute('assign', DECIDERS, (c, id, actor) => c.var.services.rt.exceptions.assign(id, actor, actor.username)),
  actionRoute('unassign', DECIDERS, (c, id, actor) => c.var.services.rt.exceptions.assign(id, actor, null)),
  actionRoute('comment', INBOX_READERS, (c, id, actor, note) => c.var.services.rt.exceptions.comment(id, actor, note)),
  editingRoute('resume', INBOX_READERS),
  editingRoute('recommend', DECIDERS),
  decisionRoute('approve', DECIDERS),
  decisionRoute('reject', DECIDERS),
];
