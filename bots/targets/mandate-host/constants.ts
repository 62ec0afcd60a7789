/**
 * The mandate register host's screens as page objects see them: screen codes (row 1, columns 1–8),
 * field positions (1-based row and column, length), and the messages of row 24 we act on.
 * Written from the host's screen manual; the only place in the project that knows a row or column of it.
 */
import type { FieldPosition } from '../../kit/index.js';

export const TARGET = 'mandate-host';
/** The emulator's page, and its request that carries an attention key to the host. */
export const PATHS = { emulator: '/host', aid: '/host/aid' } as const;

const at = (row: number, col: number, length: number, hidden = false): FieldPosition => ({ row, col, length, ...(hidden ? { hidden } : {}) });

export const SCREEN_CODE = at(1, 1, 8);
export const MESSAGE_ROW = 24;

export const SIGNON = { userid: at(7, 17, 12), password: at(8, 17, 32, true) } as const;
export const MENU = { transaction: at(20, 19, 4) } as const;
export const KEY = { creditorId: at(4, 11, 35), umr: at(5, 11, 35) } as const;
/** The mandate's data, as fields (add, amend) and, at the same places, as text on display (inquiry, cancel). */
export const DATA = {
  creditorName: at(6, 11, 70),
  debtorName: at(8, 11, 70),
  address1: at(9, 11, 70),
  address2: at(10, 11, 70),
  country: at(11, 11, 2),
  iban: at(11, 22, 34),
  bic: at(12, 11, 11),
  scheme: at(12, 33, 4),
  type: at(12, 46, 4),
  signedOn: at(13, 11, 8),
  place: at(13, 29, 35),
  b2bConfirmed: at(14, 11, 1),
} as const;
/** "STATUS : ACTIVE     AMENDMENTS: 0003" under a mandate on display. */
export const STATUS_LINE = at(15, 2, 79);
export const CANCEL_CONFIRM = at(18, 30, 1);
export const LIST = { debtorIban: at(4, 15, 34), firstRow: 7, rows: 14, pageLine: at(22, 2, 30) } as const;

export const CODES = { signOn: 'SIGNON', menu: 'MENU', maintenance: 'MRS0001' } as const;
export const TRANSACTIONS = { inquiry: 'MNDI', add: 'MNDA', amend: 'MNDU', cancel: 'MNDC', list: 'MNDL' } as const;

/** Row-24 messages by their message id (the text after it may vary). */
export const MESSAGES = {
  signedOn: 'SIGNON000I',
  signOnRefused: 'SIGNON001E',
  signedOff: 'SIGNON005I',
  abend: 'DFHAC2206',
  outOfStep: 'MRS0002E',
  notFound: /^MND[IUC]001E/,
  displayed: 'MNDI000I',
  added: 'MNDA000I',
  duplicateKey: 'MNDA020E',
  amendShown: 'MNDU003I',
  amended: 'MNDU000I',
  noChanges: 'MNDU004W',
  amendCancelled: 'MNDU002E',
  cancelShown: 'MNDC003I',
  cancelled: 'MNDC000I',
  alreadyCancelled: 'MNDC002E',
  listEmpty: 'MNDL001E',
  lastPage: 'MNDL002W',
} as const;
