/**
 * AE02 transaction history: GET /history?page=N&__VIEWSTATE=token, reached from the account details.
 * The token (single use, like every state token) carries the account; each page issues a new one for
 * its "<< Prev" / "Next >>" links. 25 rows a page, NEWEST FIRST; the Balance column is the running
 * balance after each booking, so the first row of page 1 shows the current ledger balance.
 * The table has no ids or classes; empty debit/credit cells hold a non-breaking space.
 */
import { formatAmount, formatDate } from '../format.js';
import { requireSession, useStateToken } from '../guard.js';
import { formatIbanPrint } from '../iban.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { Layout } from './layout.js';
import type { Screen } from './registry.js';
import { expiredPage } from './system-pages.js';

export const HISTORY_PAGE_SIZE = 25;
const NBSP = '\u00a0';

export function historyHref(page: number, token: string): string {
  return `/history?${new URLSearchParams({ page: String(page), [STATE_TOKEN_FIELD]: token }).toString()}`;
}

export const historyScreen: Screen = {
  code: 'AE02',
  title: 'TRANSACTION HISTORY',
  register(app) {
    app.get('/history', requireSession, (c) => {
      const bank = c.var.bank;
      const session = c.var.session;
      const context = useStateToken(c, c.req.query(STATE_TOKEN_FIELD), 'AE02');
      if (!context) return expiredPage(c, bank.now());
      const account = bank.findAccount(String(context.account));
      if (!account) return expiredPage(c, bank.now());
      const rows = [...account.transactions].reverse();
      const pages = Math.max(1, Math.ceil(rows.length / HISTORY_PAGE_SIZE));
      const requested = Number.parseInt(c.req.query('page') ?? '1', 10);
      const page = Math.min(pages, Math.max(1, Number.isFinite(requested) ? requested : 1));
      const slice = rows.slice((page - 1) * HISTORY_PAGE_SIZE, page * HISTORY_PAGE_SIZE);
      const now = bank.now();
      const token = issueToken(session, now.getTime(), { screen: 'AE02', account: account.accountNumber });
      return sendPage(
        c,
        <Layout title="AE02 - TRANSACTION HISTORY" code="AE02" user={session.username} now={now}>
          <h3>TRANSACTION HISTORY</h3>
          <p>
            Account: {account.accountNumber} &nbsp; IBAN: {formatIbanPrint(account.iban)} &nbsp; Currency: {account.currency}
            <br />
            Holder: {account.holder}
          </p>
          <table border={1} cellpadding={2} cellspacing={0} bgcolor="#FFFFFF">
            <tr bgcolor="#000080">
              <td>
                <font color="#FFFFFF">
                  <b>Date</b>
                </font>
              </td>
              <td>
                <font color="#FFFFFF">
                  <b>Description</b>
                </font>
              </td>
              <td align="right">
                <font color="#FFFFFF">
                  <b>Debit</b>
                </font>
              </td>
              <td align="right">
                <font color="#FFFFFF">
                  <b>Credit</b>
                </font>
              </td>
              <td align="right">
                <font color="#FFFFFF">
                  <b>Balance</b>
                </font>
              </td>
            </tr>
            {slice.map((t) => (
              <tr>
                <td>{formatDate(t.date)}</td>
                <td>{t.description}</td>
                <td align="right">{t.amount < 0 ? formatAmount(-t.amount) : NBSP}</td>
                <td align="right">{t.amount > 0 ? formatAmount(t.amount) : NBSP}</td>
                <td align="right">{formatAmount(t.balanceAfter)}</td>
              </tr>
            ))}
          </table>
          <p>
            Page {page} of {pages} ({rows.length} records)
          </p>
          <p>
            {page > 1 ? <a href={historyHref(page - 1, token)}>{'<< Prev'}</a> : null}
            {page > 1 && page < pages ? ' | ' : null}
            {page < pages ? <a href={historyHref(page + 1, token)}>{'Next >>'}</a> : null}
          </p>
          <p>
            <a href="/enquiry">New Enquiry</a>
          </p>
        </Layout>,
      );
    });
  },
};
