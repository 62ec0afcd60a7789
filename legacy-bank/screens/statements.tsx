/**
 * ST01 account statements: GET /statements shows the form (account number `txtAccount`, day
 * `txtDate` dd/mm/yyyy or month mm/yyyy, button `btnShow`); POST shows the day's statement of the account (opening and
 * closing balance, entries) with its downloads: GET /statements/file?account=&date=YYYY-MM-DD&format=
 * pdf|camt053|mt940 (a file named after account and day; the PDF in the layout of an English statement
 * with a signed Amount and a running Balance). An unknown account: "ACCOUNT NOT FOUND".
 */
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import { formatAmount, formatDate } from '../format.js';
import { requireSession } from '../guard.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { camt053, dayStatement, monthStatement, mt940, type DayStatement } from '../statement-files.js';
import { statementPdf } from '../statement-pdf.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { field, useStateToken } from '../guard.js';
import { expiredPage } from './system-pages.js';

/** The period typed on ST01: a day (dd/mm/yyyy) or a month (mm/yyyy), as ISO (YYYY-MM-DD, YYYY-MM). */
function periodOf(typed: string): string | undefined {
  const day = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(typed);
  if (day) return `${day[3]}-${day[2]}-${day[1]}`;
  const month = /^(\d{2})\/(\d{4})$/.exec(typed);
  return month && Number(month[1]) >= 1 && Number(month[1]) <= 12 ? `${month[2]}-${month[1]}` : undefined;
}

const statementOf = (account: Parameters<typeof dayStatement>[0], period: string) => (period.length === 7 ? monthStatement(account, period) : dayStatement(account, period));

const LINK_TEXT = { pdf: 'PDF', camt053: 'camt.053', mt940: 'MT940' } as const;

function statementsPage(c: Context<BankEnv>, opts: { account?: string; date?: string; error?: string; statement?: DayStatement }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'ST01' });
  const s = opts.statement;
  const offered = bank.options.statementFiles;
  const link = (format: string) => `/statements/file?${new URLSearchParams({ account: s!.account.accountNumber, date: s!.from === s!.date ? s!.date : s!.from.slice(0, 7), format }).toString()}`;
  return sendPage(
    c,
    <Layout title="ST01 - ACCOUNT STATEMENTS" code="ST01" user={session.username} now={now}>
      <h3>ACCOUNT STATEMENTS</h3>
      <form method="post" action="/statements" name="frmStatements">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        Account: <input type="text" name="txtAccount" size={12} value={opts.account ?? ''} /> Day (dd/mm/yyyy) or month (mm/yyyy): <input type="text" name="txtDate" size={10} value={opts.date ?? ''} />{' '}
        <input type="submit" name="btnShow" value="Show" />
      </form>
      <ErrorLine message={opts.error} />
      {s ? (
        <>
          <p>
            <b>
              STATEMENT {s.number} OF {s.from === s.date ? formatDate(s.date as never) : `${formatDate(s.from as never)} TO ${formatDate(s.date as never)}`} - OPENING {formatAmount(s.opening)} - CLOSING {formatAmount(s.closing)} - {s.entries.length} ENTRIES
            </b>
          </p>
          <p>
            {offered.length
              ? offered.map((f, i) => (
                  <>
                    {i ? ' | ' : ''}
                    <a href={link(f)}>{LINK_TEXT[f]}</a>
                  </>
                ))
              : 'NO STATEMENT FILES FOR THIS ACCOUNT - SEE TRANSACTION HISTORY'}
          </p>
        </>
      ) : null}
    </Layout>,
  );
}

export const statementsScreen: Screen = {
  code: 'ST01',
  title: 'ACCOUNT STATEMENTS',
  menu: { label: 'Account Statements', href: '/statements', target: 'content', order: 30 },
  register(app) {
    app.get('/statements', requireSession, (c) => statementsPage(c, {}));
    app.post('/statements', requireSession, async (c) => {
      const body = await c.req.parseBody();
      if (!useStateToken(c, field(body, STATE_TOKEN_FIELD), 'ST01')) return expiredPage(c, c.var.bank.now());
      const account = field(body, 'txtAccount').trim();
      const date = field(body, 'txtDate').trim();
      const period = periodOf(date);
      if (!period) return statementsPage(c, { account, date, error: 'INVALID DATE' });
      const found = c.var.bank.findAccount(account);
      if (!found) return statementsPage(c, { account, date, error: 'ACCOUNT NOT FOUND' });
      return statementsPage(c, { account, date, statement: statementOf(found, period) });
    });
    app.get('/statements/file', requireSession, async (c) => {
      const account = c.var.bank.findAccount(c.req.query('account') ?? '');
      const date = c.req.query('date') ?? '';
      const format = c.req.query('format');
      if (!account || !/^\d{4}-\d{2}(-\d{2})?$/.test(date) || (format !== 'camt053' && format !== 'mt940' && format !== 'pdf') || !c.var.bank.options.statementFiles.includes(format)) return c.text('NOT FOUND', 404);
      const s = statementOf(account, date);
      if (format === 'pdf') {
        const pdf = await statementPdf(s);
        return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${account.accountNumber}-${date}.pdf"` });
      }
      const body = format === 'camt053' ? camt053(s) : mt940(s);
      const name = `${account.accountNumber}-${date}.${format === 'camt053' ? 'xml' : 'sta'}`;
      return c.body(body, 200, { 'content-type': format === 'camt053' ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    });
  },
};
