/**
 * The exceptions inbox: filtered by type, severity, run, age and assignee, oldest first by
 * default, each exception's age shown against the configured SLA (`board.slaHours`). Every filter
 * and the paging run in Redis (see `ExceptionsStore.page`). Each row says what the item is about
 * (amount, currency, counterparty, as its bot presents it); selected rows are assigned, handed to
 * another handler (approvers and admins) or rejected with one reason, each through the store and
 * the decision (roles, four-eyes, audit); filters a user works every day are saved by name.
 */
import type { Context } from 'hono';
import { SEVERITIES } from '../../../config/compliance-alerts.js';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, severityOf, type ExceptionFilter, type ExceptionStatus, type ExceptionType, type Severity } from '../../exceptions-store.js';
import { RUN_ID } from '../data/runs.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Age, Badge, Pager } from '../views/components.js';
import { formatAge, href, paging } from '../views/format.js';
import { hasAnyRole } from '../../actor.js';
import { decideException } from '../../decisions.js';
import { ownKeys } from '../../keys.js';
import type { ItemData } from '../../item-data.js';
import type { ItemSummary } from '../../../bots/kit/index.js';
import { SavedFilters } from '../data/saved-filters.js';
import { CsrfField } from '../views/layout.js';
import { actorOf, doneNotice, formOf, INBOX_READERS, page } from './common.js';

const HOUR = 3_600_000;

/** The SLA for deciding an exception (`board.slaHours`, default 24 hours). */
export function slaMs(c: Context<BoardEnv>): number {
  return c.var.services.config.board.slaHours * HOUR;
}

const AGES = (sla: number): { value: string; label: string; filter: Pick<ExceptionFilter, 'olderThanMs' | 'newerThanMs'> }[] => [
  { value: '', label: 'any age', filter: {} },
  { value: 'lt1h', label: 'opened in the last hour', filter: { newerThanMs: HOUR } },
  { value: 'gt1h', label: 'older than 1 hour', filter: { olderThanMs: HOUR } },
  { value: 'gt4h', label: 'older than 4 hours', filter: { olderThanMs: 4 * HOUR } },
  { value: 'half', label: `past half the SLA (${formatAge(sla / 2)})`, filter: { olderThanMs: sla / 2 } },
  { value: 'overdue', label: `overdue (SLA ${formatAge(sla)})`, filter: { olderThanMs: sla } },
];

interface InboxQuery {
  type?: ExceptionType;
  severity?: Severity;
  status?: ExceptionStatus;
  run?: string;
  age?: string;
  mine?: '1';
  order?: 'newest';
}

const QUERY_KEYS = ['type', 'severity', 'status', 'run', 'age', 'mine', 'order'] as const;

/** An inbox query string with only the inbox's own filters (what is saved and what a bulk action returns to). */
function cleanQuery(text: string): string {
  const given = new URLSearchParams(text);
  const out = new URLSearchParams();
  for (const k of QUERY_KEYS) {
    const v = given.get(k);
    if (v) out.set(k, v.slice(0, 100));
  }
  return out.toString();
}

const filtersOf = (c: Context<BoardEnv>) => new SavedFilters(c.var.services.rt.redis, ownKeys(c.var.services.rt.prefix));

/** What each exception's item is about, as its bot presents it (one job read per row of the page). */
async function summaries(c: Context<BoardEnv>, rows: { bot: string; itemId: string }[]): Promise<(ItemSummary | undefined)[]> {
  const rt = c.var.services.rt;
  return Promise.all(
    rows.map(async (r) => {
      const bot = rt.bots.get(r.bot);
      const summary = bot?.presentation?.summary;
      if (!bot || !summary) return undefined;
      // As the bot reads it (defaults filled in); an input that fails its schema leaves the columns empty.
      const parsed = bot.input.safeParse(((await rt.queue(r.bot).getJob(r.itemId))?.data as ItemData | undefined)?.input);
      return parsed.success ? summary(parsed.data) : undefined;
    }),
  );
}

function queryOf(c: Context<BoardEnv>): InboxQuery {
  const q = (k: string) => c.req.query(k) ?? '';
  const pick = <T extends string>(v: string, all: readonly T[]) => (all.includes(v as T) ? (v as T) : undefined);
  return {
    type: pick(q('type'), EXCEPTION_TYPES),
    severity: pick(q('severity'), SEVERITIES),
    status: pick(q('status'), EXCEPTION_STATUSES),
    run: RUN_ID.test(q('run')) ? q('run') : undefined,
    age: q('age') || undefined,
    mine: q('mine') === '1' ? '1' : undefined,
    order: q('order') === 'newest' ? 'newest' : undefined,
  };
}

function Select(props: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <label>
      {props.label}
      <select name={props.name} data-autosubmit="">
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

async function inbox(c: Context<BoardEnv>): Promise<Response> {
  const q = queryOf(c);
  const sla = slaMs(c);
  const ages = AGES(sla);
  const age = ages.find((a) => a.value === q.age) ?? ages[0]!;
  const { offset, limit } = paging((k) => c.req.query(k));
  const now = Date.now();
  const result = await c.var.services.rt.exceptions.page(
    { status: q.status, type: q.type, severity: q.severity, runId: q.run, assignee: q.mine ? c.var.user.username : undefined, order: q.order ?? 'oldest', offset, limit, ...age.filter },
    now,
  );
  const params = { ...q } as Record<string, string | undefined>;
  const about = await summaries(c, result.rows);
  const actor = actorOf(c);
  const current = cleanQuery(new URL(c.req.url).search);
  const saved = await filtersOf(c).list(actor.username);
  // Approvers and admins hand work to a handler: the board's users who decide exceptions.
  const lead = hasAnyRole(actor, ['approver', 'admin']);
  const deciders = lead ? c.var.services.config.board.users.filter((u) => u.roles.some((r) => r === 'handler' || r === 'approver')).map((u) => u.username) : [];
  const token = c.var.csrfToken;
  return page(
    c,
    'Exceptions inbox',
    <>
      {doneNotice(c)}
      {saved.length ? (
        <p class="saved-filters">
          Saved filters:{' '}
          {saved.map((f) => (
            <>
              <a href={`/inbox${f.query ? `?${f.query}` : ''}`}>{f.name}</a>{' '}
              <form method="post" action="/inbox/filters/delete" class="inline">
                <CsrfField token={token} />
                <input type="hidden" name="name" value={f.name} />
                <button type="submit" class="link" title={`Remove the filter "${f.name}"`}>
                  ×
                </button>
              </form>{' '}
            </>
          ))}
        </p>
      ) : null}
      <form method="get" action="/inbox" class="filters">
        <Select name="status" label="Status" value={q.status} options={[{ value: '', label: 'open' }, ...EXCEPTION_STATUSES.filter((s) => s !== 'open').map((s) => ({ value: s, label: s }))]} />
        <Select name="type" label="Type" value={q.type} options={[{ value: '', label: 'any type' }, ...EXCEPTION_TYPES.map((t) => ({ value: t, label: t }))]} />
        <Select name="severity" label="Severity" value={q.severity} options={[{ value: '', label: 'any severity' }, ...[...SEVERITIES].reverse().map((s) => ({ value: s, label: s }))]} />
        <Select name="age" label="Age" value={age.value} options={ages} />
        <label>
          Run
          <input type="text" name="run" value={q.run ?? ''} placeholder="run id" size={24} />
        </label>
        <label>
          <span>
            <input type="checkbox" name="mine" value="1" checked={q.mine === '1'} data-autosubmit="" /> assigned to me
          </span>
        </label>
        <Select name="order" label="Order" value={q.order} options={[{ value: '', label: 'oldest first' }, { value: 'newest', label: 'newest first' }]} />
        <button type="submit">Filter</button>
        <a class="button secondary" href="/inbox">
          Clear
        </a>
      </form>
      <form method="post" action="/inbox/filters" class="filters">
        <CsrfField token={token} />
        <input type="hidden" name="query" value={current} />
        <label>
          Save this filter as
          <input type="text" name="name" required maxlength={40} size={20} placeholder="e.g. overdue holds" />
        </label>
        <button type="submit" class="secondary">
          Save filter
        </button>
      </form>
      <p class="muted">
        {result.total} exception{result.total === 1 ? '' : 's'} · SLA {formatAge(sla)}
      </p>
      <form method="post" action="/inbox/bulk" id="bulk">
        <CsrfField token={token} />
        <input type="hidden" name="back" value={current} />
      </form>
      <div class="bulk-actions">
        <span>With the selected:</span>
        <button type="submit" form="bulk" name="action" value="assign-me" class="secondary">
          Assign to me
        </button>
        {lead && deciders.length ? (
          <>
            <select name="to" form="bulk" aria-label="Hand the selected to">
              {deciders.map((u) => (
                <option value={u}>{u}</option>
              ))}
            </select>
            <button type="submit" form="bulk" name="action" value="assign-to" class="secondary">
              Hand over
            </button>
          </>
        ) : null}
        <input type="text" name="reason" form="bulk" maxlength={2000} size={40} placeholder="reason for rejecting them all" aria-label="Reason for rejecting the selected" />
        <button type="submit" form="bulk" name="action" value="reject" class="danger" data-confirm="Reject every selected item, with this reason? They will not be done.">
          Reject with this reason
        </button>
      </div>
      <table class="inbox">
        <thead>
          <tr>
            <th>
              <span class="visually-hidden">Select</span>
            </th>
            <th>Age</th>
            <th>Type</th>
            <th>Severity</th>
            <th>Business key</th>
            <th class="num">Amount</th>
            <th>Currency</th>
            <th>Counterparty</th>
            <th>Reason</th>
            <th>Bot</th>
            <th>Run</th>
            <th>Assigned</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((e, i) => (
            <tr>
              <td>
                <input type="checkbox" name="ids" value={e.id} form="bulk" aria-label={`Select ${e.businessKey}`} />
              </td>
              <td>
                <Age since={e.openedAt} now={now} slaMs={sla} />
              </td>
              <td>{e.type}</td>
              <td>
                <Badge text={severityOf(e)} kind={['critical', 'high'].includes(severityOf(e)) ? 'bad' : severityOf(e) === 'medium' ? 'warn' : ''} />
              </td>
              <td>
                <a href={href.exception(e.id)}>{e.businessKey}</a>
              </td>
              <td class="num">{about[i]?.amount ?? ''}</td>
              <td>{about[i]?.currency ?? ''}</td>
              <td>{about[i]?.counterparty ?? ''}</td>
              <td class="reason">{e.reason.length > 300 ? `${e.reason.slice(0, 300)} …` : e.reason}</td>
              <td>{e.bot}</td>
              <td>
                <a href={href.inbox({ ...params, run: e.runId, offset: undefined })}>{e.runId}</a>
              </td>
              <td>{e.assignee ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/inbox" params={params} total={result.total} offset={offset} limit={limit} />
    </>,
  );
}

/** The ids a bulk form selected (`ids` repeated). */
async function selectedIds(c: Context<BoardEnv>): Promise<{ ids: string[]; form: Record<string, string> }> {
  const body = await c.req.parseBody({ all: true });
  const raw = body.ids;
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string' && /^exc-[A-Za-z0-9-]+$/.test(v)).slice(0, 200);
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
  return { ids, form };
}

async function bulk(c: Context<BoardEnv>): Promise<Response> {
  const { ids, form } = await selectedIds(c);
  const back = cleanQuery(form.back ?? '');
  const to = (done: string, n: number, refused: number) => c.redirect(`/inbox?${back ? `${back}&` : ''}done=${done}&n=${n}&refused=${refused}`, 303);
  const rt = c.var.services.rt;
  const actor = actorOf(c);
  const action = form.action;
  let ok = 0;
  let refused = 0;
  const each = async (fn: (id: string) => Promise<unknown>) => {
    for (const id of ids) {
      try {
        await fn(id);
        ok++;
      } catch (err) {
        refused++;
        c.var.services.log.info({ err, exceptionId: id, action }, 'bulk action refused for one exception');
      }
    }
  };
  if (action === 'assign-me') {
    await each((id) => rt.exceptions.assign(id, actor, actor.username));
    await c.var.services.audit.append({ actor: actor.username, action: 'bulk-assign', details: { to: actor.username, ids, assigned: ok, refused } });
    return to('bulk-assigned', ok, refused);
  }
  if (action === 'assign-to') {
    const target = form.to ?? '';
    if (!c.var.services.config.board.users.some((u) => u.username === target)) return c.text('Choose a board user to hand the exceptions to.', 400);
    await each((id) => rt.exceptions.assign(id, actor, target));
    await c.var.services.audit.append({ actor: actor.username, action: 'bulk-assign', details: { to: target, ids, assigned: ok, refused } });
    return to('bulk-handed', ok, refused);
  }
  if (action === 'reject') {
    const reason = (form.reason ?? '').trim().slice(0, 2000);
    if (!reason) return c.text('A rejection needs a reason: write it next to the button.', 400);
    // Each through the decision: the store checks roles and state, and the decision writes its audit entry.
    await each((id) => decideException(rt, id, 'reject', actor, { note: reason, via: 'board' }));
    return to('bulk-rejected', ok, refused);
  }
  return c.text('Choose an action.', 400);
}

async function saveFilter(c: Context<BoardEnv>): Promise<Response> {
  const form = await formOf(c);
  const name = (form.name ?? '').trim();
  const saved = await filtersOf(c).save(c.var.user.username, name, cleanQuery(form.query ?? ''));
  if (!saved) return c.text('A filter name is 1 to 40 letters, digits, spaces, dots, dashes or underscores (and at most 30 filters a user).', 400);
  return c.redirect(`/inbox?${cleanQuery(form.query ?? '')}${form.query ? '&' : ''}done=filter-saved`, 303);
}

async function removeFilter(c: Context<BoardEnv>): Promise<Response> {
  const form = await formOf(c);
  await filtersOf(c).remove(c.var.user.username, form.name ?? '');
  return c.redirect('/inbox?done=filter-removed', 303);
}

export const inboxRoutes: RouteSpec[] = [
  { method: 'GET', path: '/inbox', roles: INBOX_READERS, handler: inbox },
  { method: 'POST', path: '/inbox/bulk', roles: INBOX_READERS, handler: bulk },
  { method: 'POST', path: '/inbox/filters', roles: INBOX_READERS, handler: saveFilter },
  { method: 'POST', path: '/inbox/filters/delete', roles: INBOX_READERS, handler: removeFilter },
];
