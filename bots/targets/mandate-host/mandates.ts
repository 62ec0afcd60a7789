/**
 * The mandate transactions: inquiry (MNDI), add (MNDA), amend (MNDU), cancel (MNDC) and the list of a
 * debtor's mandates (MNDL, every page). Values go to the host in its formats (type RCUR/OOFF, date
 * DDMMYYYY, Y/N) and come back in ours. Text read from the screen is the host's, untrusted.
 */
import { BusinessRuleError, type Screen, type Terminal } from '../../kit/index.js';
import { messageOf, screenCode } from './check.js';
import { CANCEL_CONFIRM, DATA, KEY, LIST, MESSAGES, STATUS_LINE, TARGET, TRANSACTIONS } from './constants.js';
import { startTransaction } from './session.js';

export interface HostMandateKey {
  /** Normalised creditor identifier. */
  creditorId: string;
  /** Case-sensitive. */
  umr: string;
}

export interface HostMandateData {
  creditorName: string;
  debtorName: string;
  address1: string;
  address2: string;
  /** ISO country code or ''. */
  country: string;
  /** Electronic format. */
  iban: string;
  /** '' when none. */
  bic: string;
  scheme: 'CORE' | 'B2B';
  type: 'recurrent' | 'one-off';
  /** YYYY-MM-DD. */
  signedOn: string;
  place: string;
  b2bConfirmed: boolean;
}

export interface HostMandateView extends HostMandateKey, HostMandateData {
  status: 'active' | 'cancelled';
  /** Amendments the register recorded. */
  amendments: number;
}

export interface HostMandateListRow {
  umr: string;
  creditorId: string;
  status: 'active' | 'cancelled';
  amendments: number;
}

type DataField = keyof typeof DATA;

/** Our value → the host's text for a field. */
function toHost(field: DataField, data: Partial<HostMandateData>): string {
  const v = data[field];
  if (field === 'type') return v === 'one-off' ? 'OOFF' : 'RCUR';
  if (field === 'signedOn') return String(v).replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3$2$1');
  if (field === 'b2bConfirmed') return v ? 'Y' : 'N';
  return String(v ?? '');
}

/** The host's text of a mandate on display → our values. */
function readView(s: Screen, key: HostMandateKey): HostMandateView {
  const t = (f: DataField) => s.text(DATA[f].row, DATA[f].col, DATA[f].length);
  const status = s.text(STATUS_LINE.row, STATUS_LINE.col, STATUS_LINE.length);
  return {
    ...key,
    creditorName: t('creditorName'),
    debtorName: t('debtorName'),
    address1: t('address1'),
    address2: t('address2'),
    country: t('country'),
    iban: t('iban'),
    bic: t('bic'),
    scheme: t('scheme') === 'B2B' ? 'B2B' : 'CORE',
    type: t('type') === 'OOFF' ? 'one-off' : 'recurrent',
    signedOn: t('signedOn').replace(/^(\d{2})(\d{2})(\d{4})$/, '$3-$2-$1'),
    place: t('place'),
    b2bConfirmed: t('b2bConfirmed') === 'Y',
    status: /STATUS\s*:\s*CANCELLED/.test(status) ? 'cancelled' : 'active',
    amendments: Number(/AMENDMENTS:\s*(\d+)/.exec(status)?.[1] ?? 0),
  };
}

/** The host refused the data (its own checks, row 24): the item is wrong, not the system. */
function refused(tran: string, s: Screen): never {
  const message = messageOf(s);
  throw new BusinessRuleError(`${TARGET} ${tran} refused the mandate: ${message.slice(0, 100)}`, { screenErrors: [message], transaction: tran });
}

async function enterKey(term: Terminal, tran: string, key: HostMandateKey): Promise<Screen> {
  await startTransaction(term, tran);
  await term.fillAll([
    { field: KEY.creditorId, value: key.creditorId },
    { field: KEY.umr, value: key.umr },
  ]);
  return term.press('Enter');
}

/** MNDI: the mandate as the register holds it, or null when it has none under this key. */
export async function inquireMandate(term: Terminal, key: HostMandateKey): Promise<HostMandateView | null> {
  const s = await enterKey(term, TRANSACTIONS.inquiry, key);
  const message = messageOf(s);
  if (MESSAGES.notFound.test(message)) return null;
  if (!message.startsWith(MESSAGES.displayed)) throw new Error(`${TARGET}: unexpected answer to an inquiry: ${message.slice(0, 80)}`);
  return readView(s, key);
}

/** MNDA: adds the mandate. 'duplicate' when the register has its key already (DUPLICATE KEY). */
export async function addMandate(term: Terminal, key: HostMandateKey, data: HostMandateData): Promise<'added' | 'duplicate'> {
  await startTransaction(term, TRANSACTIONS.add);
  await term.fillAll([
    { field: KEY.creditorId, value: key.creditorId },
    { field: KEY.umr, value: key.umr },
    ...(Object.keys(DATA) as DataField[]).map((f) => ({ field: DATA[f], value: toHost(f, data) })),
  ]);
  const s = await term.press('Enter');
  const message = messageOf(s);
  if (message.startsWith(MESSAGES.added)) return 'added';
  if (message.startsWith(MESSAGES.duplicateKey)) return 'duplicate';
  return refused(TRANSACTIONS.add, s);
}

/**
 * MNDU: types the changed fields only (the register records every field sent, changed or not, so
 * callers send only what differs) and returns the amendment's number.
 */
export async function amendMandate(term: Terminal, key: HostMandateKey, changes: Partial<HostMandateData>): Promise<{ amendment: number }> {
  const fields = (Object.keys(changes) as DataField[]).filter((f) => f in DATA);
  if (!fields.length) throw new RangeError('amendMandate: no field to change');
  const shown = await enterKey(term, TRANSACTIONS.amend, key);
  if (!messageOf(shown).startsWith(MESSAGES.amendShown)) return refused(TRANSACTIONS.amend, shown);
  await term.fillAll(fields.map((f) => ({ field: DATA[f], value: toHost(f, changes) })));
  const s = await term.press('Enter');
  const m = new RegExp(`^${MESSAGES.amended} AMENDMENT (\\d+)`).exec(messageOf(s));
  if (!m) return refused(TRANSACTIONS.amend, s);
  return { amendment: Number(m[1]) };
}

/** MNDC: cancels the mandate. 'already-cancelled' when it was. */
export async function cancelMandate(term: Terminal, key: HostMandateKey): Promise<'cancelled' | 'already-cancelled'> {
  const shown = await enterKey(term, TRANSACTIONS.cancel, key);
  if (messageOf(shown).startsWith(MESSAGES.alreadyCancelled)) return 'already-cancelled';
  if (!messageOf(shown).startsWith(MESSAGES.cancelShown)) return refused(TRANSACTIONS.cancel, shown);
  await term.fill(CANCEL_CONFIRM, 'Y');
  const s = await term.press('Enter');
  if (!messageOf(s).startsWith(MESSAGES.cancelled)) return refused(TRANSACTIONS.cancel, s);
  return 'cancelled';
}

/** MNDL: every mandate of a debtor (all pages, PF8 until the last). */
export async function listByDebtor(term: Terminal, iban: string): Promise<HostMandateListRow[]> {
  await startTransaction(term, TRANSACTIONS.list);
  await term.fill(LIST.debtorIban, iban);
  let s = await term.press('Enter');
  if (messageOf(s).startsWith(MESSAGES.listEmpty)) return [];
  const rows: HostMandateListRow[] = [];
  for (let page = 0; page < 1_000; page++) {
    for (let r = LIST.firstRow; r < LIST.firstRow + LIST.rows; r++) {
      const line = s.rows[r - 1] ?? '';
      if (!line.trim()) continue;
      rows.push({
        umr: line.slice(1, 36).trimEnd(),
        creditorId: line.slice(38, 57).trim(),
        status: line.slice(59, 68).trim() === 'CANCELLED' ? 'cancelled' : 'active',
        amendments: Number(line.slice(70, 74).trim() || 0),
      });
    }
    const pageLine = s.text(LIST.pageLine.row, LIST.pageLine.col, LIST.pageLine.length);
    const m = /PAGE (\d+) OF (\d+)/.exec(pageLine);
    if (!m || m[1] === m[2]) break;
    s = await term.press('F8');
    if (screenCode(s) !== TRANSACTIONS.list) break;
  }
  return rows;
}
