/** What every page module uses: the roles of its routes, the acting user, refusals as pages, and fixed "done" notices. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { maskValue } from '../../../logging/redact.js';
import { hasAnyRole, NotAllowed, type Actor } from '../../actor.js';
import { InvalidEditedInput, ItemGone } from '../../decisions.js';
import { ExceptionAlreadyDecided, ExceptionNotFound, TextRequired } from '../../exceptions-store.js';
import { CannotDoThatNow } from '../data/items.js';
import { EvidenceNotFound } from '../data/evidence-files.js';
import type { BoardEnv, Role } from '../routes.js';
import { Notice, PageAssets } from '../views/components.js';
import { renderPage } from '../views/layout.js';

/** Everyone signed in (admin is always allowed as well). */
export const EVERYONE: readonly Role[] = ['viewer', 'operator', 'handler', 'approver'];
export const OPERATORS: readonly Role[] = ['operator'];
/** Who reads the inbox and exceptions: handlers and approvers decide, operators retry system failures and comment. */
export const INBOX_READERS: readonly Role[] = ['operator', 'handler', 'approver'];
export const DECIDERS: readonly Role[] = ['handler', 'approver'];

export const actorOf = (c: Context<BoardEnv>): Actor => ({ username: c.var.user.username, roles: c.var.user.roles });

/**
 * Who sees IBANs and account numbers in full: everyone who works with items (operators, handlers,
 * approvers, admins). A viewer, who only watches, sees them masked as the logs show them (country
 * code and last four), in item data, results, log lines, history and business keys.
 */
export const seesAccounts = (c: Context<BoardEnv>): boolean => hasAnyRole(actorOf(c), ['operator', 'handler', 'approver']);

/** The data as the signed-in user may see it (see seesAccounts). */
export function shownTo<T>(c: Context<BoardEnv>, value: T): T {
  return seesAccounts(c) ? value : (maskValue(value) as T);
}
export const timeZone = (c: Context<BoardEnv>) => c.var.services.config.banking.timeZone;

/** Notices after a successful POST are fixed texts chosen by a code in the query (never text from the URL). */
const DONE: Record<string, string> = {
  dispatched: 'Dispatched.',
  'dispatched-known': 'Nothing new: every item of it was dispatched before.',
  paused: 'The queue is paused: its workers take no new items.',
  resumed: 'The queue is running again.',
  retried: 'Retried.',
  cancelled: 'The item was cancelled.',
  assigned: 'Assigned to you.',
  unassigned: 'Given back.',
  commented: 'Comment added.',
  recommended: 'Release recommended: a different approver must now approve it.',
  approved: 'Approved.',
  rejected: 'Rejected.',
  'resumed-item': 'The item runs again.',
  'bulk-assigned': 'Assigned to you:',
  'bulk-handed': 'Handed over:',
  'bulk-rejected': 'Rejected with your reason:',
  'filter-saved': 'Filter saved.',
  'filter-removed': 'Filter removed.',
};

export function doneNotice(c: Context<BoardEnv>): Child {
  const code = c.req.query('done');
  const text = code ? DONE[code] : undefined;
  if (!text) return null;
  const n = Number(c.req.query('n'));
  const refused = Number(c.req.query('refused'));
  return (
    <Notice kind="ok">
      {text}
      {Number.isFinite(n) && c.req.query('n') ? ` ${n} item${n === 1 ? '' : 's'}.` : ''}
      {Number.isFinite(refused) && refused > 0
        ? code?.startsWith('bulk-')
          ? ` ${refused} refused (decided already, or not yours to decide).`
          : ` ${refused} refused (see the run's exceptions).`
        : ''}
    </Notice>
  );
}

/** A page in the board's chrome, with the pages' own stylesheet and script. */
export function page(c: Context<BoardEnv>, title: string, children: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  return renderPage(
    c,
    {
      title,
      children: (
        <>
          <PageAssets />
          {children}
        </>
      ),
    },
    status,
  );
}

/** The status a refusal is sent with, or undefined for errors that are not a refusal (they go to the error page). */
export function refusalStatus(err: unknown): ContentfulStatusCode | undefined {
  if (err instanceof NotAllowed) return 403;
  if (err instanceof ExceptionNotFound || err instanceof EvidenceNotFound) return 404;
  if (err instanceof ExceptionAlreadyDecided || err instanceof CannotDoThatNow || err instanceof ItemGone) return 409;
  if (err instanceof InvalidEditedInput || err instanceof TextRequired) return 422;
  return undefined;
}

/** Sends a refusal (a missing role, the four-eyes rule, a state that does not allow it) as a page that says what to do. */
export function refusal(c: Context<BoardEnv>, err: unknown, back?: string): Promise<Response> {
  const status = refusalStatus(err);
  if (status === undefined) throw err;
  const e = err as Error & { whatNext?: string };
  return page(
    c,
    status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Not done',
    <>
      <Notice kind="bad">
        <strong>{e.message}</strong>
        {e.whatNext ? <p>{e.whatNext}</p> : null}
      </Notice>
      {back ? <a href={back}>Back</a> : null}
    </>,
    status,
  );
}

/** The form fields of a POST as strings (files are left out; pages that take files read them themselves). */
export async function formOf(c: Context<BoardEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}
