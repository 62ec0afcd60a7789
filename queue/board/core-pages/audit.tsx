/**
 * The audit trail on the board: `/audit` (filters by actor, action, target and time, paged,
 * newest first), `/audit.csv` (the same filters, every matching entry, oldest first) and
 * `/audit/verify` (walks the hash chain). For approvers and admins: the people who check others' work.
 */
import type { Context } from 'hono';
import { auditCsv } from '../../audit/audit-csv.js';
import type { AuditLog, AuditQuery } from '../../audit/audit-log.js';
import type { BoardEnv, Role, RouteSpec } from '../routes.js';
import { renderPage } from '../views/layout.js';

export const AUDIT_ROLES: readonly Role[] = ['approver'];

const FILTERS = ['actor', 'action', 'target', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** A time typed in the filter form (`2026-11-23` or `2026-11-23T14:05`), read as UTC. */
function utc(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00'}Z` : /Z$|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function filtersOf(c: Context): Filters {
  const f: Filters = {};
  for (const k of FILTERS) {
    const v = c.req.query(k)?.trim();
    if (v) f[k] = v.slice(0, 200);
  }
  return f;
}

function queryOf(f: Filters): AuditQuery {
  return { actor: f.actor, action: f.action, target: f.target, from: utc(f.from, false), to: utc(f.to, true) };
}

function link(f: Filters, path: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

function FilterForm(props: { f: Filters }) {
  const input = (name: keyof Filters, label: string, placeholder: string) => (
    <label>
      {label}
      <input type="text" name={name} value={props.f[name] ?? ''} placeholder={placeholder} />
    </label>
  );
  return (
    <form method="get" action="/audit" class="filters">
      {input('actor', 'Actor', 'user name')}
      {input('action', 'Action', 'e.g. sign-in, dispatch')}
      {input('target', 'Target', 'item, run, queue, exception')}
      {input('from', 'From (UTC)', 'YYYY-MM-DD[THH:MM]')}
      {input('to', 'To (UTC)', 'YYYY-MM-DD[THH:MM]')}
      <button type="submit">Filter</button>
      <a class="button secondary" href="/audit">
        Clear
      </a>
    </form>
  );
}

export function auditRoutes(log: AuditLog): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/audit',
      roles: AUDIT_ROLES,
      handler: async (c: Context<BoardEnv>) => {
        const f = filtersOf(c);
        const page = Math.max(1, Number(c.req.query('page')) || 1);
        const result = await log.list({ ...queryOf(f), page, pageSize: 50 });
        return renderPage(c, {
          title: 'Audit trail',
          children: (
            <>
              <FilterForm f={f} />
              <p class="muted">
                {result.total} entr{result.total === 1 ? 'y' : 'ies'} · <a href={link(f, '/audit.csv')}>Download as CSV</a> ·{' '}
                <a href="/audit/verify">Verify the chain</a>
              </p>
              <table>
                <thead>
                  <tr>
                    <th class="num">#</th>
                    <th>When (UTC)</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {result.entries.map((e) => (
                    <tr>
                      <td class="num">{e.seq}</td>
                      <td class="mono">{e.at}</td>
                      <td>
                        <a href={link({}, '/audit', { actor: e.actor })}>{e.actor}</a>
                      </td>
                      <td>
                        <a href={link({}, '/audit', { action: e.action })}>{e.action}</a>
                      </td>
                      <td>{e.target === null ? '' : <a href={link({}, '/audit', { target: e.target })}>{e.target}</a>}</td>
                      <td class="mono">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div class="pager">
                {page > 1 ? <a href={link(f, '/audit', { page: String(page - 1) })}>← Newer</a> : null}
                <span>
                  Page {result.page} of {result.pages}
                </span>
                {page < result.pages ? <a href={link(f, '/audit', { page: String(page + 1) })}>Older →</a> : null}
              </div>
            </>
          ),
        });
      },
    },
    {
      method: 'GET',
      path: '/audit.csv',
      roles: AUDIT_ROLES,
      handler: async (c: Context<BoardEnv>) => {
        const f = filtersOf(c);
        await c.var.services.audit.append({ actor: c.var.user.username, action: 'audit-export', details: { ...f } });
        const chunks = auditCsv(log.entries(queryOf(f)));
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { value, done } = await chunks.next();
            if (done) controller.close();
            else controller.enqueue(encoder.encode(value));
          },
          async cancel() {
            await chunks.return(undefined);
          },
        });
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
        return c.body(body, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="audit-${stamp}.csv"`,
        });
      },
    },
    {
      method: 'GET',
      path: '/audit/verify',
      roles: AUDIT_ROLES,
      handler: async (c: Context<BoardEnv>) => {
        const verdict = await log.verify();
        return renderPage(c, {
          title: 'Audit chain',
          children: verdict.ok ? (
            <p class="notice ok">The chain is whole: {verdict.entries} entries, each linked to the one before and unchanged.</p>
          ) : (
            <p class="notice bad">
              The chain is broken at entry {verdict.firstBroken} of {verdict.entries}: {verdict.reason}. See <a href={`/audit?page=1`}>the trail</a> and
              run <code>rpa audit verify</code>.
            </p>
          ),
        });
      },
    },
  ];
}
