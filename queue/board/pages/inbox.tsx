/**
 * The exceptions inbox: filtered by type, severity, run, age and assignee, oldest first by
 * default, each exception's age shown against the configured SLA (`board.slaHours`). Every filter
 * and the paging run in Redis (see `ExceptionsStore.page`).
 */
import type { Context } from 'hono';
import { SEVERITIES } from '../../../config/compliance-alerts.js';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, severityOf, type ExceptionFilter, type ExceptionStatus, type ExceptionType, type Severity } from '../../exceptions-store.js';
import { RUN_ID } from '../data/runs.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Age, Badge, Pager } from '../views/components.js';
import { formatAge, href, paging } from '../views/format.js';
import { INBOX_READERS, page } from './common.js';

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
  return page(
    c,
    'Exceptions inbox',
    <>
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
      <p class="muted">
        {result.total} exception{result.total === 1 ? '' : 's'} · SLA {formatAge(sla)}
      </p>
      <table class="inbox">
        <thead>
          <tr>
            <th>Age</th>
            <th>Type</th>
            <th>Severity</th>
            <th>Business key</th>
            <th>Reason</th>
            <th>Bot</th>
            <th>Run</th>
            <th>Assigned</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((e) => (
            <tr>
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

export const inboxRoutes: RouteSpec[] = [{ method: 'GET', path: '/inbox', roles: INBOX_READERS, handler: inbox }];
