/**
 * The day's statement of an account as the bank prints it: a PDF with one signed Amount column and a
 * running Balance (English), pages of at most ROWS entries, the header on every page, "Page p of n"
 * at the foot. Amounts from minor units, written as text; nothing is a float. Written here, by the
 * simulator: nothing of ours is used.
 */
import PDFDocument from 'pdfkit';
import { BANK_NAME } from './seed.js';
import type { DayStatement } from './statement-files.js';

const ROWS = 45;
const SIZE = 9;
const PITCH = 13;

const amount = (minor: number) => {
  const a = Math.abs(minor);
  const int = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${minor < 0 ? '-' : ''}${int}.${String(a % 100).padStart(2, '0')}`;
};

export function statementPdf(s: DayStatement): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: `Statement ${s.number} ${s.account.accountNumber} ${s.date}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = (text: string, x: number, y: number) => doc.text(text, x, y, { lineBreak: false });
  const right = (text: string, edge: number, y: number) => doc.text(text, edge - doc.widthOfString(text), y, { lineBreak: false });
  const pages = Math.max(1, Math.ceil(s.entries.length / ROWS));
  let balance = s.opening;
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.font('Helvetica').fontSize(SIZE);
    let y = 50;
    const line = () => (y += PITCH);
    if (p === 0) {
      left(`${BANK_NAME} - Account statement`, 50, y), line();
      left(`Statement number: ${s.number}`, 50, y), line();
      left(`Account number: ${s.account.accountNumber}`, 50, y), line();
      left(`Currency: ${s.account.currency}`, 50, y), line();
      line();
    } else {
      left(`${BANK_NAME} - Account statement (continued)`, 50, y), line(), line();
    }
    left('Date', 50, y), left('Description', 120, y), right('Amount', 450, y), right('Balance', 540, y), line();
    if (p === 0) left('Opening balance', 120, y), right(amount(s.opening), 540, y), line();
    for (const t of s.entries.slice(p * ROWS, (p + 1) * ROWS)) {
      balance += t.amount;
      const text = [t.description, t.counterparty, t.endToEndId ? `REF ${t.endToEndId}` : ''].filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, 58);
      left(t.date, 50, y), left(text, 120, y), right(amount(t.amount), 450, y), right(amount(balance), 540, y), line();
    }
    if (p === pages - 1) left('Closing balance', 120, y), right(amount(s.closing), 540, y);
    right(`Page ${p + 1} of ${pages}`, 540, 800);
  }
  doc.end();
  return done;
}
