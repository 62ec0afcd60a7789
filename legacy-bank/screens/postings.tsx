/**
 * PQ01 postings by reference: GET /postings shows the search form (field `txtReference`, button
 * `btnSearch`); POST /postings lists the postings whose reference is exactly the one entered (case
 * sensitive, trimmed), oldest first: Confirmation No., Date (execution date), Debit Account,
 * Beneficiary, Reference, Amount, Currency, Status. None: "NO POSTINGS FOUND".
 * Like the history, the table has no ids or classes.
 */
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import { formatAmount, formatDate } from '../format.js';
import { requireSession } from '../guard.js';
import type { Posting } from '../postings.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { readSearchPost } from './search-post.js';

export const TEXT_NO_POSTINGS = 'NO POSTINGS FOUND';
export const POSTING_COLUMNS = ['Confirmation No.', 'Date', 'Debit Account', 'Beneficiary', 'Reference', 'Amount', 'Currency', 'Status'] as const;

function Results(props: { postings: readonly Posting[] }) {
  if (props.postings.length === 0) {
    return (
      <p>
        <b>{TEXT_NO_POSTINGS}</b>
      </p>
    );
  }
  return (
    <>
      <table border={1} cellpadding={2} cellspacing={0} bgcolor="#FFFFFF">
        <tr bgcolor="#000080">
          {POSTING_COLUMNS.map((col) => (
            <td align={col === 'Amount' ? 'right' : 'left'}>
              <font color="#FFFFFF">
                <b>{col}</b>
              </font>
            </td>
          ))}
        </tr>
        {props.postings.map((p) => (
          <tr>
            <td>{p.confirmation}</td>
            <td>{formatDate(p.executionDate)}</td>
            <td>{p.debitAccount}</td>
            <td>{p.beneficiaryName}</td>
            <td>{p.reference}</td>
            <td align="right">{formatAmount(p.amount)}</td>
            <td>{p.currency}</td>
            <td>{p.status}</td>
          </tr>
        ))}
      </table>
      <p>{props.postings.length} POSTING(S) FOUND</p>
    </>
  );
}

function postingsPage(c: Context<BankEnv>, opts: { value?: string; error?: string; postings?: readonly Posting[] }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'PQ01' });
  return sendPage(
    c,
    <Layout title="PQ01 - POSTINGS BY REFERENCE" code="PQ01" user={session.username} now={now}>
      <h3>POSTINGS BY REFERENCE</h3>
      <form method="post" action="/postings" name="frmPostings">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        <table border={0} cellpadding={3} cellspacing={0}>
          <tr>
            <td>Reference:</td>
            <td>
              <input type="text" name="txtReference" size={35} value={opts.value ?? ''} />
            </td>
            <td>
              <input type="submit" name="btnSearch" value="Search" />
            </td>
          </tr>
        </table>
      </form>
      <ErrorLine message={opts.error} />
      {opts.postings ? (
        <>
          <hr />
          <Results postings={opts.postings} />
        </>
      ) : null}
    </Layout>,
  );
}

export const postingsScreen: Screen = {
  code: 'PQ01',
  title: 'POSTINGS BY REFERENCE',
  menu: { label: 'Postings by Reference', href: '/postings', target: 'content', order: 30 },
  register(app) {
    app.get('/postings', requireSession, (c) => postingsPage(c, {}));
    app.post('/postings', requireSession, async (c) => {
      const form = await readSearchPost(c, 'PQ01', 'txtReference');
      if (form.expired) return form.expired;
      const value = form.value;
      if (!value) return postingsPage(c, { error: 'PLEASE ENTER A REFERENCE' });
      return postingsPage(c, { value, postings: c.var.bank.postings.byReference(value) });
    });
  },
};
