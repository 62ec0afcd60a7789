/**
 * TX01 payment entry, in three steps, each a form with a single-use `__VIEWSTATE`:
 * 1. GET /tx01: the entry form. POST /tx01 validates on the server: any problem re-displays the form,
 *    keeping the entered values, with one red line per problem at the top (HTTP 200).
 * 2. A valid entry shows the confirmation page (the payment as the system understood it); its
 *    "Confirm" button asks `confirm('Post this payment?')` in the browser; dismissing it submits nothing.
 *    "Cancel" goes back to the entry form with the values.
 * 3. POST /tx01/confirm posts the payment (debits the account) and shows the result page with the
 *    confirmation number. With the `errorAfterPostRate` fault, the RESPONSE is an HTTP 500 page
 *    although the posting was committed.
 * The system does not refuse a reference it has seen before: a duplicate is posted again.
 */
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import { formatAmount, formatDate, localIsoDate } from '../format.js';
import { field, requireSession, useStateToken } from '../guard.js';
import { formatIbanPrint } from '../iban.js';
import { PAYMENT_FIELDS, validatePayment, type PaymentForm } from '../payment-rules.js';
import type { PaymentOrder, Posting } from '../postings.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { expiredPage, serverErrorPage } from './system-pages.js';

export const TEXT_CONFIRM_HEADING = 'PLEASE CONFIRM THE PAYMENT';
export const TEXT_POSTED = 'PAYMENT POSTED';
export const CONFIRM_QUESTION = 'Post this payment?';

const EMPTY_FORM: PaymentForm = {
  debitAccount: '',
  beneficiaryName: '',
  beneficiaryIban: '',
  bic: '',
  amount: '',
  currency: '',
  executionDate: '',
  reference: '',
  remittance: '',
};

/** The form's rows: field, label on the screen, input size, hint. */
const FORM_ROWS: { key: keyof PaymentForm; label: string; size: number; hint?: string }[] = [
  { key: 'debitAccount', label: 'Debit Account (No. / IBAN):', size: 34 },
  { key: 'beneficiaryName', label: 'Beneficiary Name:', size: 50 },
  { key: 'beneficiaryIban', label: 'Beneficiary IBAN:', size: 42 },
  { key: 'bic', label: 'BIC:', size: 11, hint: 'optional' },
  { key: 'amount', label: 'Amount:', size: 18, hint: 'e.g. 1.234,56' },
  { key: 'currency', label: 'Currency:', size: 3 },
  { key: 'executionDate', label: 'Execution Date:', size: 10, hint: 'DD/MM/YYYY' },
  { key: 'reference', label: 'Reference (End-to-End Id):', size: 35, hint: 'max. 35' },
  { key: 'remittance', label: 'Remittance Information:', size: 70, hint: 'optional, max. 140' },
];

/** An order shown back in the form (after "Cancel"). */
function formFromOrder(o: PaymentOrder): PaymentForm {
  return {
    debitAccount: o.debitAccount,
    beneficiaryName: o.beneficiaryName,
    beneficiaryIban: formatIbanPrint(o.beneficiaryIban),
    bic: o.bic,
    amount: formatAmount(o.amount),
    currency: o.currency,
    executionDate: formatDate(o.executionDate),
    reference: o.reference,
    remittance: o.remittance,
  };
}

function entryPage(c: Context<BankEnv>, values: PaymentForm = EMPTY_FORM, errors: string[] = [], notice?: string) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'TX01' });
  return sendPage(
    c,
    <Layout title="TX01 - PAYMENT ENTRY" code="TX01" user={session.username} now={now}>
      <h3>PAYMENT ENTRY</h3>
      {errors.map((e) => (
        <ErrorLine message={e} />
      ))}
      {notice ? (
        <p>
          <b>{notice}</b>
        </p>
      ) : null}
      <form method="post" action="/tx01" name="frmPayment">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        <table border={1} cellpadding={3} cellspacing={0} bgcolor="#E0E0E0">
          {FORM_ROWS.map((r) => (
            <tr>
              <td>{r.label}</td>
              <td>
                <input type="text" name={PAYMENT_FIELDS[r.key].name} size={r.size} value={values[r.key]} />
                {r.hint ? <font size={1}> {r.hint}</font> : null}
              </td>
            </tr>
          ))}
          <tr>
            <td colspan={2} align="center">
              <input type="submit" name="btnSubmit" value="Continue" />
            </td>
          </tr>
        </table>
      </form>
    </Layout>,
  );
}

/** Label cell + value cell, like the account details. */
function DetailRows(props: { rows: [string, string][] }) {
  return (
    <table border={1} cellpadding={3} cellspacing={0} bgcolor="#FFFFFF">
      {props.rows.map(([label, value]) => (
        <tr>
          <td bgcolor="#E0E0E0">
            <b>{label}</b>
          </td>
          <td>{value}</td>
        </tr>
      ))}
    </table>
  );
}

function orderRows(o: PaymentOrder, debitIban: string): [string, string][] {
  return [
    ['Debit Account:', o.debitAccount],
    ['Debit IBAN:', formatIbanPrint(debitIban)],
    ['Beneficiary Name:', o.beneficiaryName],
    ['Beneficiary IBAN:', formatIbanPrint(o.beneficiaryIban)],
    ['BIC:', o.bic || '\u00a0'],
    ['Amount:', formatAmount(o.amount)],
    ['Currency:', o.currency],
    ['Execution Date:', formatDate(o.executionDate)],
    ['Reference:', o.reference],
    ['Remittance Information:', o.remittance || '\u00a0'],
  ];
}

function confirmPage(c: Context<BankEnv>, order: PaymentOrder, debitIban: string) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'TX01C', order: JSON.stringify(order) });
  return sendPage(
    c,
    <Layout title="TX01 - CONFIRM PAYMENT" code="TX01" user={session.username} now={now}>
      <h3>{TEXT_CONFIRM_HEADING}</h3>
      <DetailRows rows={orderRows(order, debitIban)} />
      <br />
      <form method="post" action="/tx01/confirm" name="frmConfirm">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        <input type="submit" name="btnConfirm" value="Confirm" onclick={`return confirm('${CONFIRM_QUESTION}')`} />{' '}
        <input type="submit" name="btnCancel" value="Cancel" />
      </form>
    </Layout>,
  );
}

function resultPage(c: Context<BankEnv>, posting: Posting) {
  const bank = c.var.bank;
  const session = c.var.session;
  return sendPage(
    c,
    <Layout title="TX01 - PAYMENT POSTED" code="TX01" user={session.username} now={bank.now()}>
      <h3>{TEXT_POSTED}</h3>
      <DetailRows rows={[['Confirmation No.:', posting.confirmation], ['Status:', posting.status], ...orderRows(posting, posting.debitIban)]} />
      <p>
        <a href="/tx01">New Payment</a>
      </p>
    </Layout>,
  );
}

function readForm(body: Record<string, unknown>): PaymentForm {
  const out = { ...EMPTY_FORM };
  for (const key of Object.keys(PAYMENT_FIELDS) as (keyof PaymentForm)[]) out[key] = field(body, PAYMENT_FIELDS[key].name);
  return out;
}

function parseOrder(json: unknown): PaymentOrder | null {
  if (typeof json !== 'string') return null;
  try {
    return JSON.parse(json) as PaymentOrder;
  } catch {
    return null;
  }
}

export const paymentEntryScreen: Screen = {
  code: 'TX01',
  title: 'PAYMENT ENTRY',
  menu: { label: 'Payment Entry', href: '/tx01', target: 'content', order: 20 },
  register(app) {
    app.get('/tx01', requireSession, (c) => entryPage(c));

    app.post('/tx01', requireSession, async (c) => {
      const bank = c.var.bank;
      const body = await c.req.parseBody();
      if (!useStateToken(c, field(body, STATE_TOKEN_FIELD), 'TX01')) return expiredPage(c, bank.now());
      const form = readForm(body);
      const result = validatePayment(form, { findAccount: (ref) => bank.findAccount(ref), today: localIsoDate(bank.now()) });
      if (!result.ok) {
        bank.logger.info({ username: c.var.session.username, errors: result.errors.length }, 'legacy-bank: payment entry rejected');
        return entryPage(c, form, result.errors);
      }
      return confirmPage(c, result.order, result.account.iban);
    });

    app.post('/tx01/confirm', requireSession, async (c) => {
      const bank = c.var.bank;
      const session = c.var.session;
      const body = await c.req.parseBody();
      const context = useStateToken(c, field(body, STATE_TOKEN_FIELD), 'TX01C');
      const order = parseOrder(context?.order);
      if (!order) return expiredPage(c, bank.now());
      if (field(body, 'btnCancel')) return entryPage(c, formFromOrder(order), [], 'PAYMENT NOT POSTED');
      const account = bank.findAccount(order.debitAccount);
      if (!account) return expiredPage(c, bank.now());
      const posting = bank.postings.post(account, order, { now: bank.now(), username: session.username });
      bank.logger.info({ username: session.username, confirmation: posting.confirmation }, 'legacy-bank: payment posted');
      if (bank.faults.errorAfterPost(bank.settings.faults)) {
        bank.logger.info({ path: c.req.path, confirmation: posting.confirmation }, 'legacy-bank: injected HTTP 500 after the posting');
        return serverErrorPage(c);
      }
      return resultPage(c, posting);
    });
  },
};
