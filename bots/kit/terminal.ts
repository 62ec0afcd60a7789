/**
 * What every green-screen (3270-style) target needs, over a web terminal emulator in a Playwright
 * page: read the screen as 24 lines of text, read a field at a row and column, move to a field,
 * type into it (and check the host got every key), press an attention key and wait until the
 * keyboard unlocks, and turn what the screen says into the kit's errors. Page objects of a host
 * (bots/targets/<host>/) are written with it and stay short; a bot never sees a row or a column.
 *
 * The emulator is found by three things every web emulator has: the screen's rows
 * (`screenRows`, one element per row, its text the row's 80 characters), the operator information
 * area (`oia`, "X SYSTEM" while the keyboard is locked, "X COMM" when the link to the host is lost,
 * the cursor as RR/CCC at its end), and the keyboard (the page receives the keys).
 *
 * Keys typed while the keyboard is locked are lost, as on a real terminal: every key is sent only
 * after the lock is gone, and typed text is read back from the screen and typed again when the
 * screen does not show it.
 */
import type { Page } from 'playwright-core';
import { RpaError } from '../../banking/index.js';
import { TargetUnavailable } from './errors.js';

export interface TerminalOptions {
  /** The target's name, for errors. */
  target: string;
  /** CSS selector of the screen's row elements (24 of them). */
  screenRows?: string;
  /** CSS selector of the operator information area. */
  oia?: string;
  /** Longest wait for the keyboard to unlock after a key (ms). Default 30 s. */
  unlockTimeoutMs?: number;
  /**
   * The target's reading of a screen: an error to raise (SessionLost, TargetUnavailable,
   * TransactionAbended …) or null when the screen is a normal one. Applied after every attention key.
   */
  check?: (screen: Screen) => Error | null;
  /**
   * The emulator's request that carries an attention key to the host (a URL part, `/host/aid`).
   * When given, every attention key is confirmed by it: a key the keyboard lost (a momentary
   * relock) is pressed again; without it a lost Enter would pass for an answer.
   */
  aidRequest?: string;
}

/** A field position: 1-based row and column, as host manuals count them. */
export interface FieldPosition {
  row: number;
  col: number;
  length: number;
  /** Not echoed (a password): checked by where the cursor went, not by reading it back. */
  hidden?: boolean;
}

/** One screen as read: its rows and helpers over them. */
export class Screen {
  constructor(readonly rows: string[]) {}

  /** The text at a position, trailing spaces dropped (leading ones too unless `keepLeading`). */
  text(row: number, col: number, length: number, keepLeading = false): string {
    const t = (this.rows[row - 1] ?? '').slice(col - 1, col - 1 + length).replace(/\s+$/, '');
    return keepLeading ? t : t.replace(/^\s+/, '');
  }

  /** A whole row, trimmed. */
  row(row: number): string {
    return (this.rows[row - 1] ?? '').trim();
  }

  includes(text: string): boolean {
    return this.rows.some((r) => r.includes(text));
  }

  toString(): string {
    return this.rows.join('\n');
  }
}

/** A host transaction ended abnormally (an abend): a system error, retried. Whether its update happened is unknown: look before doing it again. */
export class TransactionAbended extends RpaError {
  readonly whatNext = 'Nothing at first: the item is retried, and the bot looks in the register before it writes again. If it persists, ask the host team about the transaction.';
  constructor(
    readonly target: string,
    /** The host's message (row 24), untrusted text. */
    readonly hostMessage: string,
  ) {
    super(`${target}: a transaction abended: ${hostMessage.slice(0, 120)}`);
  }
}

/** A field the page object expected is not on the screen (the screen is not the one it thinks). */
export class FieldNotOnScreen extends RpaError {
  readonly whatNext = 'Nothing at first: the item is retried from a fresh screen. If it persists, the host screen changed: update its page object.';
  constructor(
    readonly target: string,
    readonly field: FieldPosition,
    screenCode: string,
  ) {
    super(`${target}: no input field at row ${field.row}, column ${field.col} on screen ${screenCode || '(unknown)'}`);
  }
}

/** Typed text the host screen did not show after three tries (keys lost every time). */
export class TypingLost extends RpaError {
  readonly whatNext = 'Nothing at first: the item is retried. If it persists, the terminal drops keys: check the emulator and the host.';
  constructor(
    readonly target: string,
    readonly field: FieldPosition,
    what = `text typed at row ${field.row}, column ${field.col} did not reach the screen after 3 tries`,
  ) {
    super(`${target}: ${what}`);
  }
}

/** How long an attention key may take to leave the emulator before it counts as lost. */
const AID_CONFIRM_MS = 5_000;

const LOCKED = /X (SYSTEM|CLOCK|WAIT)/;
const COMM = /X COMM/;

export class Terminal {
  private readonly rowsSelector: string;
  private readonly oiaSelector: string;
  private readonly unlockTimeoutMs: number;

  constructor(
    readonly page: Page,
    private readonly options: TerminalOptions,
  ) {
    this.rowsSelector = options.screenRows ?? '#term .row';
    this.oiaSelector = options.oia ?? '#oia';
    this.unlockTimeoutMs = options.unlockTimeoutMs ?? 30_000;
  }

  /** The screen as it is now (24 rows of 80 characters). */
  async screen(): Promise<Screen> {
    return new Screen(await this.page.$$eval(this.rowsSelector, (rows) => rows.map((r) => r.textContent ?? '')));
  }

  /** The cursor, from the OIA's RR/CCC. */
  async cursor(): Promise<{ row: number; col: number }> {
    const oia = (await this.page.textContent(this.oiaSelector)) ?? '';
    const m = /(\d{2})\/(\d{3})\s*$/.exec(oia);
    if (!m) throw new TargetUnavailable(this.options.target, 'the terminal shows no cursor position (is the emulator loaded?)');
    return { row: Number(m[1]), col: Number(m[2]) };
  }

  /** Waits until the keyboard is unlocked. "X COMM" (the link to the host is lost) → TargetUnavailable. */
  async waitUnlocked(): Promise<void> {
    const oia = this.oiaSelector;
    try {
      await this.page.waitForFunction(
        ([sel, locked, comm]) => {
          const text = document.querySelector(sel as string)?.textContent ?? '';
          return new RegExp(comm as string).test(text) || (text.length > 0 && !new RegExp(locked as string).test(text));
        },
        [oia, LOCKED.source, COMM.source],
        { timeout: this.unlockTimeoutMs, polling: 10 },
      );
    } catch (err) {
      throw new TargetUnavailable(this.options.target, `the keyboard stayed locked for ${this.unlockTimeoutMs} ms`, undefined, { cause: err });
    }
    if (COMM.test((await this.page.textContent(oia)) ?? '')) throw new TargetUnavailable(this.options.target, 'the terminal lost its link to the host (X COMM)');
  }

  /**
   * Presses an attention key (Enter, F1–F12, Escape for CLEAR) once the keyboard is free, waits for the
   * answer and the end of the lock, reads the screen and applies the target's check.
   */
  async press(key: string): Promise<Screen> {
    await this.waitUnlocked();
    await this.pressAid(key);
    await this.waitUnlocked();
    const screen = await this.screen();
    const problem = this.options.check?.(screen);
    if (problem) throw problem;
    return screen;
  }

  /**
   * Presses an attention key; with `aidRequest`, until the emulator sends it to the host (at most 3
   * times). A key is only pressed again when no request left at all, so the host never gets it twice.
   */
  private async pressAid(key: string): Promise<void> {
    const pattern = this.options.aidRequest;
    if (!pattern) return this.page.keyboard.press(key);
    for (let attempt = 0; attempt < 3; attempt++) {
      const sent = this.page.waitForRequest((r) => r.url().includes(pattern), { timeout: AID_CONFIRM_MS }).then(
        () => true,
        () => false,
      );
      await this.page.keyboard.press(key);
      if (await sent) return;
      // Not sent: the keyboard lost the key (it was locked). Once it is free again, the key is pressed again.
      await this.waitUnlocked();
    }
    throw new TypingLost(this.options.target, { row: 24, col: 1, length: 0 }, `the ${key} key did not reach the host after 3 presses`);
  }

  /** Moves the cursor to the start of the field at `field` with Tab (at most one round of the screen; a lost Tab is pressed again). */
  async moveTo(field: FieldPosition): Promise<void> {
    await this.waitUnlocked();
    const seen = new Set<string>();
    let stuck = 0;
    let last = '';
    for (;;) {
      const at = await this.cursor();
      if (at.row === field.row && at.col === field.col) return;
      const key = `${at.row}/${at.col}`;
      // The cursor did not move: the Tab was lost (the keyboard relocked); press it again.
      if (key === last && stuck++ < 3) {
        await this.waitUnlocked();
        await this.page.keyboard.press('Tab');
        continue;
      }
      if (seen.has(key)) break;
      seen.add(key);
      last = key;
      stuck = 0;
      await this.page.keyboard.press('Tab');
    }
    const screen = await this.screen();
    throw new FieldNotOnScreen(this.options.target, field, screen.text(1, 1, 8));
  }

  /**
   * Types `value` into the field at `field`: erases it first (Erase EOF), types, and reads the field
   * back; typed again (up to 3 times) when the screen does not show the value.
   */
  async fill(field: FieldPosition, value: string): Promise<void> {
    if (value.length > field.length) throw new RangeError(`"${value.slice(0, 20)}…" is longer than the field at row ${field.row}, column ${field.col} (${field.length})`);
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.moveTo(field);
      await this.page.keyboard.press('End');
      if (value) await this.page.keyboard.type(value);
      if (field.hidden) {
        const at = await this.cursor();
        if (value.length >= field.length || (at.row === field.row && at.col === field.col + value.length)) return;
        continue;
      }
      const shown = (await this.screen()).text(field.row, field.col, field.length, true);
      if (shown === value.replace(/\s+$/, '')) return;
    }
    throw new TypingLost(this.options.target, field);
  }

  /**
   * Fills several fields in screen order: each erased and typed, then the screen read back ONCE and
   * any field it does not show typed again (fill).
   */
  async fillAll(values: { field: FieldPosition; value: string }[]): Promise<void> {
    const ordered = [...values].sort((a, b) => a.field.row - b.field.row || a.field.col - b.field.col);
    for (const v of ordered) {
      if (v.value.length > v.field.length) throw new RangeError(`"${v.value.slice(0, 20)}…" is longer than the field at row ${v.field.row}, column ${v.field.col} (${v.field.length})`);
      await this.moveTo(v.field);
      await this.page.keyboard.press('End');
      if (v.value) await this.page.keyboard.type(v.value);
    }
    const screen = await this.screen();
    for (const v of ordered) {
      if (v.field.hidden || screen.text(v.field.row, v.field.col, v.field.length, true) === v.value.replace(/\s+$/, '')) continue;
      await this.fill(v.field, v.value);
    }
  }
}
