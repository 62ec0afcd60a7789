/**
 * The host's screen layouts: where every label and field is. Page objects in
 * bots/targets/mandate-host/ know the same positions (that is what a page object of a green screen is).
 */
import type { FieldDef, ScreenDef } from './screen.js';

const f = (name: string, row: number, col: number, length: number, hidden = false): FieldDef => ({ name, row, col, length, ...(hidden ? { hidden } : {}) });

export const SIGNON: ScreenDef = {
  code: 'SIGNON',
  title: 'SIGN ON',
  labels: [
    [4, 12, 'AUTHORISED USERS ONLY. ALL ACTIVITY IS RECORDED.'],
    [7, 2, 'USERID   . . :'],
    [8, 2, 'PASSWORD . . :'],
  ],
  fields: [f('userid', 7, 17, 12), f('password', 8, 17, 32, true)],
  keys: 'ENTER=SIGN ON',
};

export const MENU: ScreenDef = {
  code: 'MENU',
  title: 'MAIN MENU',
  labels: [
    [5, 6, 'MNDI   MANDATE INQUIRY'],
    [6, 6, 'MNDA   ADD MANDATE'],
    [7, 6, 'MNDU   AMEND MANDATE'],
    [8, 6, 'MNDC   CANCEL MANDATE'],
    [9, 6, 'MNDL   LIST MANDATES OF A DEBTOR'],
    [20, 2, 'TRANSACTION ===>'],
  ],
  fields: [f('tran', 20, 19, 4)],
  keys: 'ENTER=SELECT  PF3=SIGN OFF',
};

/** The key of a mandate: rows 4 and 5. */
const KEY_LABELS: [number, number, string][] = [
  [4, 2, 'CRED ID:'],
  [5, 2, 'UMR    :'],
];
const KEY_FIELDS = [f('creditorId', 4, 11, 35), f('umr', 5, 11, 35)];

/** The mandate's data: rows 6 to 14, as fields (add, amend) or as text on display (inquiry, cancel). */
export const DATA_LABELS: [number, number, string][] = [
  [6, 2, 'CRED NM:'],
  [8, 2, 'DEBTOR :'],
  [9, 2, 'ADDR 1 :'],
  [10, 2, 'ADDR 2 :'],
  [11, 2, 'COUNTRY:'],
  [11, 16, 'IBAN:'],
  [12, 2, 'BIC    :'],
  [12, 25, 'SCHEME:'],
  [12, 40, 'TYPE:'],
  [13, 2, 'SIGNED :'],
  [13, 22, 'PLACE:'],
  [14, 2, 'B2B CNF:'],
  [14, 16, '(Y/N, B2B ONLY)'],
  [16, 2, 'SIGNED AS DDMMYYYY   SCHEME CORE OR B2B   TYPE RCUR OR OOFF'],
];
export const DATA_FIELDS: FieldDef[] = [
  f('creditorName', 6, 11, 70),
  f('debtorName', 8, 11, 70),
  f('address1', 9, 11, 70),
  f('address2', 10, 11, 70),
  f('country', 11, 11, 2),
  f('iban', 11, 22, 34),
  f('bic', 12, 11, 11),
  f('scheme', 12, 33, 4),
  f('type', 12, 46, 4),
  f('signedOn', 13, 11, 8),
  f('place', 13, 29, 35),
  f('b2bConfirmed', 14, 11, 1),
];

/** The key fields only (inquiry, amend and cancel start here). */
const keyScreen = (code: string, title: string, keys: string): ScreenDef => ({ code, title, labels: KEY_LABELS, fields: KEY_FIELDS, keys });

export const MNDI = keyScreen('MNDI', 'MANDATE INQUIRY', 'ENTER=INQUIRE  PF3=MENU');
export const MNDA: ScreenDef = { code: 'MNDA', title: 'ADD MANDATE', labels: [...KEY_LABELS, ...DATA_LABELS], fields: [...KEY_FIELDS, ...DATA_FIELDS], keys: 'ENTER=ADD  PF3=MENU' };
export const MNDU_KEY = keyScreen('MNDU', 'AMEND MANDATE', 'ENTER=SHOW  PF3=MENU');
/** Amend, second step: the key on display, the data in fields. */
export const MNDU_EDIT: ScreenDef = { code: 'MNDU', title: 'AMEND MANDATE', labels: [...KEY_LABELS, ...DATA_LABELS], fields: DATA_FIELDS, keys: 'ENTER=AMEND  PF3=MENU' };
export const MNDC_KEY = keyScreen('MNDC', 'CANCEL MANDATE', 'ENTER=SHOW  PF3=MENU');
export const MNDC_CONFIRM: ScreenDef = {
  code: 'MNDC',
  title: 'CANCEL MANDATE',
  labels: [...KEY_LABELS, ...DATA_LABELS, [18, 2, 'CONFIRM CANCELLATION (Y/N):']],
  fields: [f('confirm', 18, 30, 1)],
  keys: 'ENTER=CANCEL  PF3=MENU',
};

/** The status lines under a mandate on display. */
export const STATUS_ROW = 15;

export const MNDL: ScreenDef = {
  code: 'MNDL',
  title: 'MANDATES OF A DEBTOR',
  labels: [
    [4, 2, 'DEBTOR IBAN:'],
    [6, 2, 'UMR                                  CREDITOR ID          STATUS     AMENDS'],
  ],
  fields: [f('iban', 4, 15, 34)],
  keys: 'ENTER=LIST  PF7=BACK  PF8=FORWARD  PF3=MENU',
};
/** List rows of MNDL: 7 to 20. */
export const LIST_FIRST_ROW = 7;
export const LIST_ROWS = 14;

export const MAINTENANCE: ScreenDef = { code: 'MRS0001', title: 'SYSTEM UNAVAILABLE', labels: [], fields: [], keys: '' };
