/**
 * DD01 collection file upload and DQ01 collection files by message id: the write and the check of
 * postOnce for a direct-debit file. DD02: the bank's answers to them, listed and downloaded. The target accepts the same file twice; the check is what
 * keeps a file from being sent again.
 */
import type { Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { COLLECTION_ANSWER_COLUMNS, COLLECTION_FILE_COLUMNS, PATHS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { downloadFile } from './download.js';
import { clickElement, fillForm } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { readScreenErrors } from './payment.js';
import { cleanText } from './parse.js';
import { readListScreen } from './list-screen.js';

export interface CollectionFileRow {
  reference: string;
  messageId: string;
  transactions: number;
  /** "84.00", EUR. */
  amount: string;
  status: string;
}

export interface UploadedCollectionFile {
  reference: string;
  transactions: number;
  amount: string;
}

/** Uploads a pain.008 file on DD01. The target's refusal ("FILE REJECTED: ...") → BusinessRuleError with its message. */
export async function uploadCollectionFile(page: Page, baseUrl: string, file: string): Promise<UploadedCollectionFile> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.collectionUpload}`);
  await page.setInputFiles(SELECTORS.collectionFile, file);
  await submit(page, () => clickElement(page, SELECTORS.uploadButton));
  const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
  const accepted = TEXTS.fileAccepted.exec(text);
  if (accepted) return { reference: accepted[1]!, transactions: Number(accepted[2]), amount: accepted[3]! };
  const screenErrors = await readScreenErrors(page);
  if (screenErrors.length) throw new BusinessRuleError(`${TARGET} refused the collection file: ${screenErrors.join('; ')}`, { target: TARGET, screenErrors });
  throw new Error(`${TARGET}: neither "FILE ACCEPTED" nor a refusal after the upload on ${page.url()}`);
}

/** Every upload of this message id the target holds (0, 1, or more), oldest first. */
export async function findCollectionFiles(page: Page, baseUrl: string, messageId: string): Promise<CollectionFileRow[]> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.collectionFiles}`);
  await fillForm(page, { [SELECTORS.collectionMessageId]: messageId });
  await submit(page, () => clickElement(page, SELECTORS.searchButton));
  const rows = await readListScreen(page, { columns: COLLECTION_FILE_COLUMNS, none: TEXTS.noFiles, what: 'files search', details: { messageId } });
  return rows
    .map((r) => ({ reference: r['File Reference'], messageId: r['Message Id'], transactions: Number(r.Transactions), amount: r.Amount, status: r.Status }))
    .filter((f) => f.messageId === messageId);
}

export interface CollectionAnswerRow {
  /** The file it answers (`DDF-000001`). */
  fileReference: string;
  /** The answer's file name, as the bank names it (`DDF-000001-pain002.xml`). */
  name: string;
  /** pain.002 or camt.054, as the bank says. */
  kind: string;
  created: string;
}

/** The answers DD02 lists (opening it runs the bank's settlement of what is due). */
export async function listCollectionAnswers(page: Page, baseUrl: string): Promise<CollectionAnswerRow[]> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.collectionAnswers}`);
  const rows = await readListScreen(page, { columns: COLLECTION_ANSWER_COLUMNS, none: TEXTS.noAnswers, what: 'answers list' });
  return rows.map((r) => ({ fileReference: r['File Reference'], name: r.Answer, kind: r.Kind, created: r.Created }));
}

/** One answer's bytes, downloaded in the logged-in session (at most `maxBytes`). */
export async function downloadCollectionAnswer(page: Page, baseUrl: string, name: string, maxBytes: number): Promise<Buffer> {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) throw new BusinessRuleError(`${TARGET} lists an answer named "${name.slice(0, 40)}", which is no file name we download`, { target: TARGET, field: 'name' });
  const url = `${trimBaseUrl(baseUrl)}${PATHS.collectionAnswers}/${encodeURIComponent(name)}`;
  return (await downloadFile(page, url, `answer ${name}`, { bytes: maxBytes, setting: 'collectionAnswers.maxFileMB' })).bytes;
}
