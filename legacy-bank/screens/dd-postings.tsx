/**
 * DD03 direct-debit postings by day: GET /collections/postings shows the search form (`txtDate`,
 * dd/mm/yyyy, button `btnSearch`); POST lists the direct debits booked on debtors' accounts that day,
 * in booking order: Posting No., Booked, Mandate Ref, Creditor Id, End-to-end Id, Debtor Account,
 * Debtor, Amount. None: "NO POSTINGS FOUND". A date it cannot read: "INVALID DATE".
 */
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import type { DirectDebitPosting } from '../collection-files.js';
import { centsOfDecimal, formatAmount, formatDate } from '../format.js';
import { requireSession } from '../guard.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { HeaderRow } from './collection-upload.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { readSearchPost } from './search-post.js';

export const TEXT_NO_DD_POSTINGS = 'NO POSTINGS FOUND';
export const DD_POSTING_COLUMNS = ['Posting No.', 'Booked', 'Mandate Ref', 'Creditor Id', 'End-to-end Id', 'Debtor Account', 'Debtor', 'Amount'] as const;

function postingsPage(c: Context<BankEnv>, opts: { value?: string; error?: string; postings?: readonly DirectDebitPosting[] }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'DD03' });
  return sendPage(
    c,
    <Layout title="DD03 - DIRECT DEBIT POSTINGS" code="DD03" user={session.username} now={now}>
      <h3>DIRECT DEBIT POSTINGS BY DAY</h3>
      <form method="post" action="/collections/postings" name="frmDdPostings">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        Booked on (dd/mm/yyyy): <input type="text" name="txtDate" size={10} value={opts.value ?? ''} /> <input type="submit" name="btnSearch" value="Search" />
      </form>
      <ErrorLine message={opts.error} />
      {opts.postings ? (
        opts.postings.length === 0 ? (
          <p>
            <b>{TEXT_NO_DD_POSTINGS}</b>
          </p>
        ) : (
          <>
            <table border={1} cellpadding={2} cellspacing={0} bgcolor="#FFFFFF">
              <HeaderRow columns={DD_POSTING_COLUMNS} />
              {opts.postings.map((p) => (
                <tr>
                  <td>{p.reference}</td>
                  <td>{/^\d{4}-\d{2}-\d{2}$/.test(p.bookedOn) ? formatDate(p.bookedOn as never) : p.bookedOn}</td>
                  <td>{p.umr}</td>
                  <td>{p.creditorId}</td>
                  <td>{p.endToEndId}</td>
                  <td>{p.debtorIban}</td>
                  <td>{p.debtorName}</td>
                  <td align="right">{formatAmount(centsOfDecimal(p.amount))}</td>
                </tr>
              ))}
            </table>
            <p>{opts.postings.length} POSTING(S) FOUND</p>
          </>
        )
      ) : null}
    </Layout>,
  );
}

export const ddPostingsScreen: Screen = {
  code: 'DD03',
  title: 'DIRECT DEBIT POSTINGS',
  menu: { label: 'Direct Debit Postings', href: '/collections/postings', target: 'content', order: 43 },
  register(app) {
    app.get('/collections/postings', requireSession, (c) => postingsPage(c, {}));
    app.post('/collections/postings', requireSession, async (c) => {
      const form = await readSearchPost(c, 'DD03', 'txtDate');
      if (form.expired) return form.expired;
      const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(form.value);
      if (!m) return postingsPage(c, { value: form.value, error: 'INVALID DATE' });
      return postingsPage(c, { value: form.value, postings: c.var.bank.collectionFiles.postingsOn(`${m[3]}-${m[2]}-${m[1]}`) });
    });
  },
};
