/**
 * DD01 collection file upload and DQ01 collection files by message id.
 *
 * GET /collections/upload: a form (multipart) with the file field `fileCollection` and the button
 * `btnUpload`. POST: the file is read as a pain.008; a file that is no pain.008, or whose declared
 * NbOfTxs / CtrlSum do not add up, is refused ("FILE REJECTED: ..."); otherwise it is accepted with
 * a file reference ("FILE ACCEPTED. REFERENCE DDF-000001", its transactions and total). The same
 * message id is accepted again, as a real bank's upload does. With the `errorAfterPostRate` fault,
 * the RESPONSE of an accepted upload is an HTTP 500 page although the file was accepted.
 *
 * GET /collections/answers (DD02): the settlement cycle has run by the time the creditor looks:
 * every accepted file is settled, and its answers listed (File Reference, Answer, Kind, Created),
 * each downloadable at /collections/answers/<name> (a pain.002 per file; a camt.054 when anything
 * was booked). See collection-settlement.ts for what decides each collection's outcome.
 *
 * GET /collections/files: the search form (`txtMessageId`, `btnSearch`); POST lists every upload of
 * that message id: File Reference, Message Id, Uploaded, Transactions, Amount, Status. None: "NO FILES FOUND".
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import type { CollectionFile } from '../collection-files.js';
import { creditCreditor } from '../creditor-credit.js';
import { centsOfDecimal, formatDate, localIsoDate } from '../format.js';
import { Pain008Refused, readPain008Upload } from '../pain008-intake.js';
import { field, requireSession, useStateToken } from '../guard.js';
import { sendPage } from '../render.js';
import { issueToken, STATE_TOKEN_FIELD } from '../state-token.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { readSearchPost } from './search-post.js';
import { expiredPage, serverErrorPage } from './system-pages.js';

export const TEXT_NO_FILES = 'NO FILES FOUND';
export const FILE_COLUMNS = ['File Reference', 'Message Id', 'Uploaded', 'Transactions', 'Amount', 'Status'] as const;
export const ANSWER_COLUMNS = ['File Reference', 'Answer', 'Kind', 'Created'] as const;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** A table's header row, white on blue, as every list of this system has it. */
export function HeaderRow(props: { columns: readonly string[] }) {
  return (
    <tr bgcolor="#000080">
      {props.columns.map((col) => (
        <td>
          <font color="#FFFFFF">
            <b>{col}</b>
          </font>
        </td>
      ))}
    </tr>
  );
}

function uploadPage(c: Context<BankEnv>, opts: { error?: string; accepted?: CollectionFile }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'DD01' });
  return sendPage(
    c,
    <Layout title="DD01 - COLLECTION FILE UPLOAD" code="DD01" user={session.username} now={now}>
      <h3>COLLECTION FILE UPLOAD (SEPA DIRECT DEBIT, pain.008)</h3>
      <form method="post" action="/collections/upload" name="frmUpload" enctype="multipart/form-data">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        <table border={0} cellpadding={3} cellspacing={0}>
          <tr>
            <td>File:</td>
            <td>
              <input type="file" name="fileCollection" />
            </td>
            <td>
              <input type="submit" name="btnUpload" value="Upload" />
            </td>
          </tr>
        </table>
      </form>
      <ErrorLine message={opts.error} />
      {opts.accepted ? (
        <p>
          <b>
            FILE ACCEPTED. REFERENCE {opts.accepted.reference} - {opts.accepted.transactions} TRANSACTION(S) - TOTAL {opts.accepted.amount} EUR
          </b>
        </p>
      ) : null}
    </Layout>,
  );
}

function filesPage(c: Context<BankEnv>, opts: { value?: string; error?: string; files?: readonly CollectionFile[] }) {
  const bank = c.var.bank;
  const session = c.var.session;
  const now = bank.now();
  const token = issueToken(session, now.getTime(), { screen: 'DQ01' });
  return sendPage(
    c,
    <Layout title="DQ01 - COLLECTION FILES" code="DQ01" user={session.username} now={now}>
      <h3>COLLECTION FILES BY MESSAGE ID</h3>
      <form method="post" action="/collections/files" name="frmFiles">
        <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
        Message Id: <input type="text" name="txtMessageId" size={35} value={opts.value ?? ''} /> <input type="submit" name="btnSearch" value="Search" />
      </form>
      <ErrorLine message={opts.error} />
      {opts.files ? (
        opts.files.length === 0 ? (
          <p>
            <b>{TEXT_NO_FILES}</b>
          </p>
        ) : (
          <table border={1} cellpadding={2} cellspacing={0} bgcolor="#FFFFFF">
            <HeaderRow columns={FILE_COLUMNS} />
            {opts.files.map((f) => (
              <tr>
                <td>{f.reference}</td>
                <td>{f.messageId}</td>
                <td>{formatDate(new Date(f.uploadedAt).toISOString().slice(0, 10))}</td>
                <td align="right">{String(f.transactions)}</td>
                <td align="right">{f.amount}</td>
                <td>{f.status}</td>
              </tr>
            ))}
          </table>
        )
      ) : null}
    </Layout>,
  );
}

export const collectionUploadScreen: Screen = {
  code: 'DD01',
  title: 'COLLECTION FILE UPLOAD',
  menu: { label: 'Collection File Upload', href: '/collections/upload', target: 'content', order: 40 },
  register(app) {
    app.get('/collections/upload', requireSession, (c) => uploadPage(c, {}));
    app.post('/collections/upload', requireSession, async (c) => {
      const bank = c.var.bank;
      const body = await c.req.parseBody();
      if (!useStateToken(c, field(body, STATE_TOKEN_FIELD), 'DD01')) return expiredPage(c, bank.now());
      const upload = body.fileCollection;
      if (!(upload instanceof File) || upload.size === 0) return uploadPage(c, { error: 'PLEASE CHOOSE A FILE' });
      if (upload.size > MAX_UPLOAD_BYTES) return uploadPage(c, { error: 'FILE REJECTED: LARGER THAN 50 MB' });
      const bytes = Buffer.from(await upload.arrayBuffer());
      let intake;
      try {
        intake = readPain008Upload(bytes);
      } catch (err) {
        if (err instanceof Pain008Refused) return uploadPage(c, { error: `FILE REJECTED: ${err.message}` });
        throw err;
      }
      const accepted = bank.collectionFiles.add({
        messageId: intake.messageId,
        version: intake.version,
        creditorIban: intake.creditorIban,
        collections: intake.collections,
        uploadedAt: bank.nowMs(),
        username: c.var.session.username,
        fileName: upload.name,
        transactions: intake.collections.length,
        amount: `${intake.cents / 100n}.${String(intake.cents % 100n).padStart(2, '0')}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      bank.logger.info({ username: c.var.session.username, reference: accepted.reference, transactions: accepted.transactions }, 'legacy-bank: collection file accepted');
      if (bank.faults.errorAfterPost(bank.settings.faults)) {
        bank.logger.info({ path: c.req.path, reference: accepted.reference }, 'legacy-bank: injected HTTP 500 after the upload');
        return serverErrorPage(c);
      }
      return uploadPage(c, { accepted });
    });
  },
};

export const collectionFilesScreen: Screen = {
  code: 'DQ01',
  title: 'COLLECTION FILES',
  menu: { label: 'Collection Files', href: '/collections/files', target: 'content', order: 41 },
  register(app) {
    app.get('/collections/files', requireSession, (c) => filesPage(c, {}));
    app.post('/collections/files', requireSession, async (c) => {
      const form = await readSearchPost(c, 'DQ01', 'txtMessageId');
      if (form.expired) return form.expired;
      if (!form.value) return filesPage(c, { error: 'PLEASE ENTER A MESSAGE ID' });
      return filesPage(c, { value: form.value, files: c.var.bank.collectionFiles.byMessageId(form.value) });
    });
  },
};

export const collectionAnswersScreen: Screen = {
  code: 'DD02',
  title: 'COLLECTION ANSWERS',
  menu: { label: 'Collection Answers', href: '/collections/answers', target: 'content', order: 42 },
  register(app) {
    app.get('/collections/answers', requireSession, (c) => {
      const bank = c.var.bank;
      bank.collectionFiles.settle(
        bank.nowMs(),
        (iban, amount) => {
          const account = bank.findAccount(iban);
          return account !== undefined && account.balance + account.overdraftLimit < centsOfDecimal(amount);
        },
        (file) => {
          const creditor = bank.findAccount(file.creditorIban);
          if (creditor) creditCreditor(creditor, file, localIsoDate(bank.now()));
        },
      );
      const now = bank.now();
      return sendPage(
        c,
        <Layout title="DD02 - COLLECTION ANSWERS" code="DD02" user={c.var.session.username} now={now}>
          <h3>STATUS REPORTS AND NOTIFICATIONS</h3>
          {bank.collectionFiles.answerList().length === 0 ? (
            <p>
              <b>NO ANSWERS</b>
            </p>
          ) : (
            <table border={1} cellpadding={2} cellspacing={0} bgcolor="#FFFFFF">
              <HeaderRow columns={ANSWER_COLUMNS} />
              {bank.collectionFiles.answerList().map((a) => (
                <tr>
                  <td>{a.fileReference}</td>
                  <td>
                    <a href={`/collections/answers/${a.name}`}>{a.name}</a>
                  </td>
                  <td>{a.kind}</td>
                  <td>{new Date(a.createdAt).toISOString().slice(0, 19).replace('T', ' ')}</td>
                </tr>
              ))}
            </table>
          )}
        </Layout>,
      );
    });
    app.get('/collections/answers/:name', requireSession, (c) => {
      const answer = c.var.bank.collectionFiles.answer(c.req.param('name') ?? '');
      if (!answer) return c.text('NOT FOUND', 404);
      return c.body(answer.xml, 200, { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="${answer.name}"` });
    });
  },
};
