/**
 * AE01 account enquiry: GET /enquiry shows the search form (account number or IBAN);
 * POST /enquiry shows the account details (with the search form again above them) or,
 * for an unknown account, the form with a red error (HTTP 200).
 * The details link to the transaction history with a state token that carries the account.
 */
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import { formatAmount, formatDate } from '../format.js';
import { requireSession } from '../guard.js';
import { formatIbanPrint } from '../iban.js';
import { sendPage } from '../render.js';
import type { Account } from '../seed.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { historyHref } from './history.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { readSearchPost } from './search-post.js';

export const TEXT_ACCOUNT_NOT_FOUND = 'ACCOUNT NOT FOUND';

function SearchForm(props: { token: string; value: string }) {
  return (
    <form method="post" action="/enquiry" name="frmEnquiry">
      <input type="hidden" name={STATE_TOKEN_FIELD} value={props.token} />
      <table border={0} cellpadding={3} cellspacing={0}>
        <tr>
          <td>Account No. / IBAN:</td>
          <td>
            <input type="text" name="txtAccount" size={34} maxlength={42} value={props.value} />
          </td>
          <td>
            <input type="submit" name="btnSearch" value="Search" />
          </td>
        </tr>
      </table>
    </form>
  );
}

function Details(props: { account: Account; historyLink: string }) {
  const a = props.account;
  const row = (label: string, value: string, right = false) => (
    <tr>
      <td bgcolor="#E0E0E0">
        <b>{label}</b>
      </td>
      <td align={right ? 'right' : 'left'}>{value}</td>
    </tr>
  );
  return (
    <>
      <table border={1} cellpadding={3} cellspacing={0} bgcolor="#FFFFFF">
        {row('Account No.:', a.accountNumber)}
        {row('IBAN:', formatIbanPrint(a.iban))}
        {row('Account Holder:', a.holder)}
        {row('Currency:', a.currency)}
        {row('Ledger Balance:', formatAmount(a.balance), true)}
        {row('Overdraft Limit:', formatAmount(a.overdraftLimit), true)}
        {row('Available Balance:', formatAmount(a.balance + a.overdraftLimit), true)}
        {row('Date Opened:', formatDate(a.opened))}
      </table>
      <p>
        <a href={props.historyLink}>Transaction History</a>
      </p>
    </>
  );
}

function enquiryPage(c: Context<BankEnv>, opts: { value?: string; error?: string; account?: Account }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'AE01' });
  const historyLink = opts.account
    ? historyHref(1, issueToken(session, now.getTime(), { screen: 'AE02', account: opts.account.accountNumber }))
    : '';
  return sendPage(
    c,
    <Layout title="AE01 - ACCOUNT ENQUIRY" code="AE01" user={session.username} now={now}>
      <h3>ACCOUNT ENQUIRY</h3>
      <SearchForm token={token} value={opts.value ?? ''} />
      <ErrorLine message={opts.error} />
      {opts.account ? (
        <>
          <hr />
          <Details account={opts.account} historyLink={historyLink} />
        </>
      ) : null}
    </Layout>,
  );
}

export const accountEnquiryScreen: Screen = {
  code: 'AE01',
  title: 'ACCOUNT ENQUIRY',
  menu: { label: 'Account Enquiry', href: '/enquiry', target: 'content', order: 10 },
  register(app) {
    app.get('/enquiry', requireSession, (c) => enquiryPage(c, {}));
    app.post('/enquiry', requireSession, async (c) => {
      const form = await readSearchPost(c, 'AE01', 'txtAccount');
      if (form.expired) return form.expired;
      const value = form.value;
      if (!value) return enquiryPage(c, { error: 'PLEASE ENTER AN ACCOUNT NUMBER OR IBAN' });
      const account = c.var.bank.findAccount(value);
      if (!account) return enquiryPage(c, { value, error: `${TEXT_ACCOUNT_NOT_FOUND}: ${value}` });
      return enquiryPage(c, { account });
    });
  },
};
