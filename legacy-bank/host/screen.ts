/**
 * A 24 × 80 host screen: protected text (labels, values on display) at fixed positions, unprotected
 * fields the operator types into, the screen's code and title on rows 1–2, the PF keys on row 23 and
 * the message line, row 24. Rows and columns are 1-based, as host manuals count them.
 *
 * On the wire (what the web emulator gets) a screen is its 24 rows of text with the fields left blank,
 * the fields (position, length, value, hidden), where the cursor is, and how long the keyboard stays
 * locked after the screen arrives.
 */
export const ROWS = 24;
export const COLS = 80;
export const SYSTEM_TITLE = 'MANDATE REGISTER  MRS/390';

export interface FieldDef {
  name: string;
  row: number;
  col: number;
  length: number;
  /** Not echoed (a password). */
  hidden?: boolean;
}

export interface ScreenDef {
  /** Transaction or screen code, shown top left: SIGNON, MENU, MNDA … */
  code: string;
  title: string;
  /** Protected text: [row, col, text]. */
  labels: [number, number, string][];
  fields: FieldDef[];
  /** Row 23. */
  keys: string;
}

/** A screen as sent: its definition, the values of its fields, text on display, the message. */
export interface ScreenState {
  def: ScreenDef;
  values: Record<string, string>;
  /** Protected text shown for this screen only (a mandate on display, a list page). */
  text?: [number, number, string][];
  message?: string;
  /** The field the cursor starts in (default: the first). */
  cursorField?: string;
}

export interface WireField {
  row: number;
  col: number;
  length: number;
  value: string;
  hidden: boolean;
}

export interface WireScreen {
  code: string;
  rows: string[];
  fields: WireField[];
  cursor: { row: number; col: number };
  /** The keyboard stays locked ("X SYSTEM") this long after the screen is shown; keys typed meanwhile are lost. */
  lockMs: number;
  /** A fault: the share of keys the keyboard loses to a momentary relock (absent: none). */
  lostKeyRate?: number;
}

function put(rows: string[][], row: number, col: number, text: string): void {
  const r = rows[row - 1];
  if (!r) return;
  for (let i = 0; i < text.length && col - 1 + i < COLS; i++) r[col - 1 + i] = text[i]!;
}

const centred = (text: string) => Math.max(1, Math.floor((COLS - text.length) / 2) + 1);

/** dd/mm/yy of a date, as the header shows it. */
function headerDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(now.getDate())}/${p(now.getMonth() + 1)}/${p(now.getFullYear() % 100)}`;
}

export function toWire(screen: ScreenState, now: Date, lockMs: number, lostKeyRate = 0): WireScreen {
  const rows = Array.from({ length: ROWS }, () => Array.from({ length: COLS }, () => ' '));
  put(rows, 1, 1, screen.def.code);
  put(rows, 1, centred(SYSTEM_TITLE), SYSTEM_TITLE);
  const date = headerDate(now);
  put(rows, 1, COLS - date.length + 1, date);
  put(rows, 2, centred(screen.def.title), screen.def.title);
  for (const [r, c, t] of [...screen.def.labels, ...(screen.text ?? [])]) put(rows, r, c, t);
  put(rows, 23, 2, screen.def.keys);
  if (screen.message) put(rows, 24, 2, screen.message.slice(0, COLS - 1));
  const fields = screen.def.fields.map((f) => ({ row: f.row, col: f.col, length: f.length, value: (screen.values[f.name] ?? '').slice(0, f.length), hidden: !!f.hidden }));
  const start = screen.def.fields.find((f) => f.name === screen.cursorField) ?? screen.def.fields[0];
  return {
    code: screen.def.code,
    rows: rows.map((r) => r.join('')),
    fields,
    cursor: start ? { row: start.row, col: start.col } : { row: 1, col: 1 },
    lockMs,
    ...(lostKeyRate > 0 ? { lostKeyRate } : {}),
  };
}
