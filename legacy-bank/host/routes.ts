/**
 * The host terminal over HTTP, as a web 3270 gateway serves it:
 *   GET  /host             the emulator page (emulator.ts)
 *   GET  /host/emulator.js its script
 *   GET  /host/screen      the terminal's current screen (sign-on when not signed on)
 *   POST /host/aid         { aid: ENTER | PF1–PF12 | CLEAR, code: the screen's code, fields: { index: text } }
 *                          → the next screen (JSON, see screen.ts WireScreen)
 * Faults are the web system's switches, shown the host's way: maintenance is a "SYSTEM UNAVAILABLE"
 * screen, an injected error an abend message on row 24 (nothing done), a slow answer a long lock,
 * a dropped or timed-out session the sign-on screen with its reason, `errorAfterPostRate` an abend
 * AFTER the update was committed.
 */
import { getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { BankApp, BankEnv } from '../app-env.js';
import { sleep } from '../faults.js';
import { maintenanceStatus } from '../maintenance.js';
import { EMULATOR_HTML, EMULATOR_JS } from './emulator.js';
import { MAINTENANCE, SIGNON } from './layouts.js';
import { toWire, type ScreenState } from './screen.js';
import { abendMessage, handleAid, menuScreen, type Aid } from './transactions.js';

export const HOST_COOKIE = 'MRSSESSION';
const AIDS = new Set(['ENTER', 'CLEAR', ...Array.from({ length: 12 }, (_, i) => `PF${i + 1}`)]);

const signOn = (message?: string): ScreenState => ({ def: SIGNON, values: {}, ...(message ? { message } : {}) });

function send(c: Context<BankEnv>, screen: ScreenState, lock = true) {
  const bank = c.var.bank;
  return c.json(toWire(screen, bank.now(), lock ? bank.host.lockMs() : 0, bank.settings.faults.lostKeyRate ?? 0));
}

/** The signed-on terminal of this request, or the sign-on screen saying why there is none. */
function terminal(c: Context<BankEnv>): { id: string; username: string } | { signOn: ScreenState } {
  const bank = c.var.bank;
  const found = bank.host.sessions.lookup(getCookie(c, HOST_COOKIE), bank.nowMs());
  if (found.kind === 'active' && bank.host.conversations.has(found.session.id)) return { id: found.session.id, username: found.session.username };
  if (found.kind === 'ended' && found.reason === 'terminated') return { signOn: signOn('SIGNON003I SESSION ENDED - SIGNED ON AGAIN ELSEWHERE') };
  if (found.kind === 'ended' && found.reason === 'expired') return { signOn: signOn('SIGNON004I SESSION TIMED OUT - SIGN ON AGAIN') };
  return { signOn: signOn() };
}

export function registerHost(app: BankApp): void {
  app.get('/host', (c) => c.html(EMULATOR_HTML));
  app.get('/host/emulator.js', (c) => c.body(EMULATOR_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  app.get('/host/screen', (c) => {
    const bank = c.var.bank;
    const t = terminal(c);
    return send(c, 'id' in t ? bank.host.conversations.get(t.id)!.screen : t.signOn, false);
  });

  // The emulator reports each key the lostKeyRate fault lost: counted for inspection, nothing else.
  app.post('/host/lost-key', (c) => {
    c.var.bank.host.lostKeys++;
    return c.body(null, 204);
  });
  app.post('/host/aid', async (c) => {
    const bank = c.var.bank;
    const body = (await c.req.json().catch(() => ({}))) as { aid?: unknown; code?: unknown; fields?: unknown };
    const aid = typeof body.aid === 'string' && AIDS.has(body.aid) ? body.aid : 'ENTER';
    const code = typeof body.code === 'string' ? body.code : '';
    const sent = body.fields && typeof body.fields === 'object' ? (body.fields as Record<string, unknown>) : {};

    const maintenance = maintenanceStatus(bank.settings.maintenance, bank.now());
    if (maintenance.active) {
      const after = maintenance.until ? ` TRY AGAIN AFTER ${maintenance.until}.` : '';
      return send(c, { def: MAINTENANCE, values: {}, text: [[10, 14, 'THE MANDATE REGISTER IS IN ITS BATCH WINDOW.']], message: `MRS0001I SYSTEM UNAVAILABLE - BATCH PROCESSING.${after}` });
    }
    const fault = bank.faults.decide(bank.settings.faults);
    if (fault.delayMs > 0) await sleep(fault.delayMs);

    const t = terminal(c);
    if (!('id' in t)) {
      // Not signed on: only the sign-on screen's Enter means something.
      if (code !== SIGNON.code || aid !== 'ENTER') return send(c, t.signOn);
      const typed = (i: number) => (typeof sent[i] === 'string' ? (sent[i] as string).trim() : '');
      const [userid, password] = [typed(0), typed(1)];
      if (fault.error) return send(c, { ...signOn(abendMessage('SIGN', bank.now())), values: { userid } });
      if (!userid || !bank.checkPassword(userid, password)) {
        bank.logger.info({ username: userid.slice(0, 20) }, 'legacy-bank host: sign-on refused');
        return send(c, { ...signOn('SIGNON001E INVALID USERID OR PASSWORD'), values: { userid } });
      }
      const { session, replaced } = bank.host.sessions.login(userid, bank.nowMs());
      if (replaced) bank.host.conversations.delete(replaced.id);
      bank.host.conversations.set(session.id, { screen: menuScreen(`SIGNON000I ${userid.toUpperCase()} SIGNED ON`) });
      setCookie(c, HOST_COOKIE, session.id, { path: '/host', httpOnly: true, sameSite: 'Strict' });
      return send(c, bank.host.conversations.get(session.id)!.screen);
    }

    const conv = bank.host.conversations.get(t.id)!;
    if (code !== conv.screen.def.code) return send(c, { ...conv.screen, message: 'MRS0002E SCREEN OUT OF STEP - PRESS ENTER AGAIN' });
    if (fault.error) return send(c, { ...conv.screen, message: abendMessage(code, bank.now()) });
    if (aid === 'PF3' && conv.screen.def.code === 'MENU') {
      bank.host.sessions.end(t.id, 'logout', bank.nowMs());
      bank.host.conversations.delete(t.id);
      return send(c, signOn('SIGNON005I SIGNED OFF'));
    }
    if (!['ENTER', 'PF3', 'PF7', 'PF8', 'CLEAR'].includes(aid)) return send(c, { ...conv.screen, message: 'MRS0003E INVALID KEY' });
    const typed: Record<string, string> = {};
    conv.screen.def.fields.forEach((f, i) => {
      if (typeof sent[i] === 'string') typed[f.name] = (sent[i] as string).slice(0, f.length);
    });
    const next = handleAid(conv, aid as Aid, typed, {
      register: bank.host.register,
      username: t.username,
      now: bank.nowMs(),
      abendAfterCommit: () => bank.host.abendAfterCommit(bank.settings.faults.errorAfterPostRate),
    });
    bank.host.conversations.set(t.id, next);
    return send(c, next.screen);
  });
}
