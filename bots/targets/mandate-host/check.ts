/** What a host screen says, as the kit's errors: maintenance, a lost session, an abend. */
import { SessionLost, TargetUnavailable, TransactionAbended, type Screen } from '../../kit/index.js';
import { CODES, MESSAGE_ROW, MESSAGES, SCREEN_CODE, TARGET } from './constants.js';

export const screenCode = (s: Screen) => s.text(SCREEN_CODE.row, SCREEN_CODE.col, SCREEN_CODE.length);
export const messageOf = (s: Screen) => s.row(MESSAGE_ROW);

/** Milliseconds until "HH:MM" today (local time; tomorrow when it has passed). */
function untilClock(hhmm: string, now = new Date()): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.getTime() - now.getTime();
}

/**
 * The error a screen means, or null. `signOnExpected`: the sign-on screen is where we are meant to be
 * (signing on), not a sign that the session was lost.
 */
export function checkHostScreen(s: Screen, options: { signOnExpected?: boolean } = {}): Error | null {
  const code = screenCode(s);
  const message = messageOf(s);
  if (code === CODES.maintenance) {
    const after = /TRY AGAIN AFTER (\d{2}:\d{2})/.exec(message)?.[1];
    return new TargetUnavailable(TARGET, `maintenance: ${message.slice(0, 100)}`, after ? untilClock(after) : undefined);
  }
  if (code === CODES.signOn && !options.signOnExpected) return new SessionLost(TARGET, message.slice(0, 100) || 'the host shows the sign-on screen');
  if (message.startsWith(MESSAGES.abend)) return new TransactionAbended(TARGET, message);
  if (message.startsWith(MESSAGES.outOfStep)) return new SessionLost(TARGET, 'the terminal was out of step with the host');
  return null;
}
