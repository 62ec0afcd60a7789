/**
 * What the host does with an attention key (Enter, PF3, PF7, PF8) on each screen: the programs behind
 * the menu, inquiry (MNDI), add (MNDA), amend (MNDU), cancel (MNDC) and list by debtor (MNDL).
 * Fields arrive only when the operator typed into them (the modified-data tag of a 3270 field);
 * the others keep the values the screen had.
 */
import { isValidIban, mod97, normalizeIban } from '../iban.js';
import { DATA_FIELDS, DATA_LABELS, LIST_FIRST_ROW, LIST_ROWS, MENU, MNDA, MNDC_CONFIRM, MNDC_KEY, MNDI, MNDL, MNDU_EDIT, MNDU_KEY, STATUS_ROW } from './layouts.js';
import type { AmendableField, HostMandate, HostMandateData, MandateRegister } from './mandate-register.js';
import type { ScreenState } from './screen.js';

export type Aid = 'ENTER' | 'PF3' | 'PF7' | 'PF8' | 'CLEAR';

/** Where a signed-on terminal is: its screen and what the program there remembers. */
export interface Conversation {
  screen: ScreenState;
  /** The mandate an amend or cancel works on (after its key was shown). */
  key?: { creditorId: string; umr: string };
  /** MNDL: the debtor and the page shown (0-based). */
  list?: { iban: string; page: number };
}

export interface HostContext {
  register: MandateRegister;
  username: string;
  now: number;
  /** Called after an update is committed: true = answer with an abend anyway (the update stays). */
  abendAfterCommit(): boolean;
}

export const menuScreen = (message?: string): ScreenState => ({ def: MENU, values: {}, ...(message ? { message } : {}) });

const AMENDABLE = DATA_FIELDS.map((d) => d.name as AmendableField);

const trimmed = (v: string | undefined) => (v ?? '').replace(/\s+$/, '').replace(/^\s+/, '');

/** The creditor id check: ISO 7064 MOD 97-10 over the national id and the country, business code left out. */
function validCreditorId(id: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return false;
  const digits = `${id.slice(7)}${id.slice(0, 2)}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return String(98 - mod97(digits)).padStart(2, '0') === id.slice(2, 4);
}

function validDate(ddmmyyyy: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(ddmmyyyy);
  if (!m) return false;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The register's own checks of a mandate's data: the first problem, or null. */
function checkData(tran: string, d: HostMandateData): { message: string; field: string } | null {
  const e = (n: number, text: string, field: string) => ({ message: `${tran}${String(n).padStart(3, '0')}E ${text}`, field });
  if (!validCreditorId(d.creditorId)) return e(1, 'CREDITOR ID MISSING OR INVALID', 'creditorId');
  if (!d.umr) return e(2, 'UMR MISSING', 'umr');
  if (!d.creditorName) return e(3, 'CREDITOR NAME MISSING', 'creditorName');
  if (!d.debtorName) return e(4, 'DEBTOR NAME MISSING', 'debtorName');
  if (!isValidIban(d.iban)) return e(5, 'IBAN INVALID', 'iban');
  if (d.bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(d.bic)) return e(6, 'BIC INVALID', 'bic');
  if (d.scheme !== 'CORE' && d.scheme !== 'B2B') return e(7, 'SCHEME MUST BE CORE OR B2B', 'scheme');
  if (d.type !== 'RCUR' && d.type !== 'OOFF') return e(8, 'TYPE MUST BE RCUR OR OOFF', 'type');
  if (!validDate(d.signedOn)) return e(9, 'DATE OF SIGNATURE INVALID (DDMMYYYY)', 'signedOn');
  if (!d.place) return e(10, 'PLACE OF SIGNATURE MISSING', 'place');
  if (d.b2bConfirmed !== 'Y' && d.b2bConfirmed !== 'N') return e(11, 'B2B CONFIRMATION MUST BE Y OR N', 'b2bConfirmed');
  return null;
}

/** Field values as the program reads them: upper case where the register keeps codes, trimmed. */
function dataOf(values: Record<string, string>): HostMandateData {
  const up = (k: string) => trimmed(values[k]).toUpperCase();
  return {
    creditorId: up('creditorId').replace(/\s+/g, ''),
    umr: trimmed(values.umr),
    creditorName: trimmed(values.creditorName),
    debtorName: trimmed(values.debtorName),
    address1: trimmed(values.address1),
    address2: trimmed(values.address2),
    country: up('country'),
    iban: normalizeIban(trimmed(values.iban)),
    bic: up('bic'),
    scheme: up('scheme'),
    type: up('type'),
    signedOn: trimmed(values.signedOn),
    place: trimmed(values.place),
    b2bConfirmed: up('b2bConfirmed') || 'N',
  };
}

/** A mandate on display: the key and the data as protected text, the status lines under them. */
function displayText(m: HostMandate): [number, number, string][] {
  const text: [number, number, string][] = [
    [4, 11, m.creditorId],
    [5, 11, m.umr],
  ];
  for (const fd of DATA_FIELDS) text.push([fd.row, fd.col, m[fd.name as AmendableField]]);
  const last = m.amendments[m.amendments.length - 1];
  text.push([STATUS_ROW, 2, `STATUS : ${m.status.padEnd(10)} AMENDMENTS: ${String(m.amendments.length).padStart(4, '0')}${last ? `  LAST BY ${last.by}` : ''}`]);
  return text;
}

const dataValues = (m: HostMandate) => Object.fromEntries(AMENDABLE.map((k) => [k, m[k]]));

/** One attention key on the current screen → the next screen. */
export function handleAid(conv: Conversation, aid: Aid, typed: Record<string, string>, ctx: HostContext): Conversation {
  const screen = conv.screen;
  const values = { ...screen.values, ...typed };
  const code = screen.def.code;
  if (aid === 'CLEAR') return { ...conv, screen: { def: screen.def, values: {} } };
  if (aid === 'PF3' && code !== 'MENU') return { screen: menuScreen() };

  switch (screen.def) {
    case MENU: {
      const tran = trimmed(values.tran).toUpperCase();
      const next: Record<string, ScreenState> = {
        MNDI: { def: MNDI, values: {} },
        MNDA: { def: MNDA, values: {} },
        MNDU: { def: MNDU_KEY, values: {} },
        MNDC: { def: MNDC_KEY, values: {} },
        MNDL: { def: MNDL, values: {} },
      };
      if (next[tran]) return { screen: next[tran]! };
      return { screen: { ...menuScreen(`MENU001E UNKNOWN TRANSACTION ${tran || '(NONE)'}`), values, cursorField: 'tran' } };
    }
    case MNDI: {
      const { creditorId, umr } = dataOf(values);
      const m = ctx.register.find(creditorId, umr);
      if (!m) return { screen: { def: MNDI, values, message: 'MNDI001E MANDATE NOT FOUND' } };
      return { screen: { def: MNDI, values, text: [...DATA_LABELS, ...displayText(m).slice(2)], message: 'MNDI000I MANDATE DISPLAYED' } };
    }
    case MNDA: {
      const data = dataOf(values);
      const problem = checkData('MNDA', data);
      if (problem) return { screen: { def: MNDA, values, message: problem.message, cursorField: problem.field } };
      const added = ctx.register.add(data, { now: ctx.now, username: ctx.username });
      if (!added) return { screen: { def: MNDA, values, message: 'MNDA020E DUPLICATE KEY - MANDATE EXISTS', cursorField: 'umr' } };
      return committed({ screen: { def: MNDA, values: {}, message: `MNDA000I MANDATE ${data.umr} ADDED` } }, ctx, 'MNDA');
    }
    case MNDU_KEY: {
      const { creditorId, umr } = dataOf(values);
      const m = ctx.register.find(creditorId, umr);
      if (!m) return { screen: { def: MNDU_KEY, values, message: 'MNDU001E MANDATE NOT FOUND' } };
      if (m.status === 'CANCELLED') return { screen: { def: MNDU_KEY, values, message: 'MNDU002E MANDATE CANCELLED - NO AMENDMENT' } };
      return {
        key: { creditorId: m.creditorId, umr: m.umr },
        screen: { def: MNDU_EDIT, values: dataValues(m), text: displayText(m).slice(0, 2).concat([displayText(m).at(-1)!]), message: 'MNDU003I CHANGE FIELDS AND PRESS ENTER' },
      };
    }
    case MNDU_EDIT: {
      const m = conv.key && ctx.register.find(conv.key.creditorId, conv.key.umr);
      if (!m) return { screen: { def: MNDU_KEY, values: {}, message: 'MNDU001E MANDATE NOT FOUND' } };
      const sent = Object.keys(typed).filter((k) => (AMENDABLE as string[]).includes(k)) as AmendableField[];
      if (!sent.length) return { ...conv, screen: { ...screen, message: 'MNDU004W NO CHANGES ENTERED' } };
      const data = dataOf({ ...dataValues(m), creditorId: m.creditorId, umr: m.umr, ...typed });
      const problem = checkData('MNDU', data);
      if (problem) return { ...conv, screen: { ...screen, values, message: problem.message, cursorField: problem.field } };
      const amendment = ctx.register.amend(m, Object.fromEntries(sent.map((k) => [k, data[k]])), { now: ctx.now, username: ctx.username });
      const keyValues = { creditorId: m.creditorId, umr: m.umr };
      return committed({ screen: { def: MNDU_KEY, values: keyValues, message: `MNDU000I AMENDMENT ${String(amendment.number).padStart(4, '0')} RECORDED` } }, ctx, 'MNDU');
    }
    case MNDC_KEY: {
      const { creditorId, umr } = dataOf(values);
      const m = ctx.register.find(creditorId, umr);
      if (!m) return { screen: { def: MNDC_KEY, values, message: 'MNDC001E MANDATE NOT FOUND' } };
      if (m.status === 'CANCELLED') return { screen: { def: MNDC_KEY, values, message: 'MNDC002E MANDATE ALREADY CANCELLED' } };
      return { key: { creditorId: m.creditorId, umr: m.umr }, screen: { def: MNDC_CONFIRM, values: {}, text: displayText(m), message: 'MNDC003I CONFIRM WITH Y AND ENTER' } };
    }
    case MNDC_CONFIRM: {
      const m = conv.key && ctx.register.find(conv.key.creditorId, conv.key.umr);
      if (!m) return { screen: { def: MNDC_KEY, values: {}, message: 'MNDC001E MANDATE NOT FOUND' } };
      if (trimmed(values.confirm).toUpperCase() !== 'Y') return { screen: { def: MNDC_KEY, values: { creditorId: m.creditorId, umr: m.umr }, message: 'MNDC004W CANCELLATION NOT CONFIRMED - NOTHING DONE' } };
      if (m.status === 'CANCELLED') return { screen: { def: MNDC_KEY, values: {}, message: 'MNDC002E MANDATE ALREADY CANCELLED' } };
      ctx.register.cancel(m);
      return committed({ screen: { def: MNDC_KEY, values: { creditorId: m.creditorId, umr: m.umr }, message: `MNDC000I MANDATE ${m.umr} CANCELLED` } }, ctx, 'MNDC');
    }
    case MNDL:
      return listPage(conv, aid, values, ctx);
    default:
      return conv;
  }
}

/** A committed update answered normally, or (a fault) with an abend although the update stays. */
function committed(next: Conversation, ctx: HostContext, tran: string): Conversation {
  if (!ctx.abendAfterCommit()) return next;
  return { screen: { ...next.screen, message: abendMessage(tran, new Date(ctx.now)) } };
}

/** The message a CICS region shows when a transaction abends. */
export function abendMessage(tran: string, now: Date): string {
  const t = [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `DFHAC2206 ${t} MRSPROD TRANSACTION ${tran} FAILED WITH ABEND ASRA.`;
}

function listPage(conv: Conversation, aid: Aid, values: Record<string, string>, ctx: HostContext): Conversation {
  const iban = normalizeIban(trimmed(values.iban));
  const fresh = aid === 'ENTER' || !conv.list || conv.list.iban !== iban;
  const all = ctx.register.byDebtor(iban);
  const pages = Math.max(1, Math.ceil(all.length / LIST_ROWS));
  let page = fresh ? 0 : conv.list!.page;
  let message: string | undefined;
  if (!fresh && aid === 'PF8') {
    if (page + 1 >= pages) message = 'MNDL002W LAST PAGE';
    else page++;
  }
  if (!fresh && aid === 'PF7') {
    if (page === 0) message = 'MNDL003W FIRST PAGE';
    else page--;
  }
  if (!all.length) return { screen: { def: MNDL, values, message: 'MNDL001E NO MANDATES FOR THIS DEBTOR' } };
  const rows = all.slice(page * LIST_ROWS, (page + 1) * LIST_ROWS);
  const text: [number, number, string][] = rows.map((m, i) => [
    LIST_FIRST_ROW + i,
    2,
    `${m.umr.padEnd(35)}  ${m.creditorId.padEnd(19).slice(0, 19)}  ${m.status.padEnd(9)}  ${String(m.amendments.length).padStart(4, '0')}`,
  ]);
  text.push([22, 2, `PAGE ${page + 1} OF ${pages}`]);
  return { list: { iban, page }, screen: { def: MNDL, values, text, message: message ?? `MNDL000I ${all.length} MANDATE(S)` } };
}
