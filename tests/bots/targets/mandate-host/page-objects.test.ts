/** The mandate-host page objects and the kit's Terminal against the simulator's green screen, in real Chromium. */
import { describe, expect, it } from 'vitest';
import { BusinessRuleError, classifyError, CredentialsRejected, SessionLost, TargetUnavailable, TransactionAbended } from '../../../../bots/kit/index.js';
import {
  addMandate,
  amendMandate,
  cancelMandate,
  hostTerminal,
  inquireMandate,
  listByDebtor,
  signOn,
  startTransaction,
  type HostMandateData,
  type HostMandateKey,
} from '../../../../bots/targets/mandate-host/index.js';
import { useBankAndBrowser } from '../../../helpers/bank-browser.js';

const USERS = [{ username: 'hostbot1', password: 'h0st-secret-1' }];
const user = USERS[0]!;
const env = useBankAndBrowser({ bank: { users: USERS, inspection: true }, resetSettings: true });

const CREDITOR = 'DE98ZZZ09999999999';
const data = (over: Partial<HostMandateData> = {}): HostMandateData => ({
  creditorName: 'Stadtwerke Musterstadt GmbH',
  debtorName: 'Juergen Mueller',
  address1: 'Hauptstrasse 1',
  address2: '12345 Musterstadt',
  country: 'DE',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  scheme: 'CORE',
  type: 'recurrent',
  signedOn: '2026-11-20',
  place: 'Musterstadt',
  b2bConfirmed: false,
  ...over,
});

interface InspectMandate {
  umr: string;
  iban: string;
  status: string;
  amendments: { number: number; changes: { field: string; from: string; to: string }[] }[];
}
const inspectMandate = (key: HostMandateKey) => env.inspect<InspectMandate>(`/mandates/${encodeURIComponent(key.creditorId)}/${encodeURIComponent(key.umr)}`);

async function signedOn() {
  await signOn(env.page, env.bank.url, user);
  return hostTerminal(env.page);
}

describe('mandate transactions', () => {
  it('adds a mandate once: inquiry finds it, a second add is refused as DUPLICATE KEY, the UMR is case-sensitive', async () => {
    const term = await signedOn();
    const key = { creditorId: CREDITOR, umr: 'Mx-2026-001' };
    expect(await inquireMandate(term, key)).toBeNull();
    expect(await addMandate(term, key, data())).toBe('added');
    expect(await inquireMandate(term, key)).toEqual({ ...key, ...data(), status: 'active', amendments: 0 });
    expect(await addMandate(term, key, data())).toBe('duplicate');
    expect(await inquireMandate(term, { ...key, umr: 'MX-2026-001' })).toBeNull();
    const all = await env.inspect<{ addAttempts: Record<string, number> }>('/mandates');
    expect(all.addAttempts[`DE9809999999999|${key.umr}`]).toBe(2);
  });

  it('records every amendment it is sent, even the same one twice; cancels once', async () => {
    const term = await signedOn();
    const key = { creditorId: CREDITOR, umr: 'Mx-2026-002' };
    await addMandate(term, key, data());
    expect(await amendMandate(term, key, { iban: 'DE62370400440532013001', debtorName: 'Juergen Mueller-Schmidt' })).toEqual({ amendment: 1 });
    expect(await amendMandate(term, key, { iban: 'DE62370400440532013001' })).toEqual({ amendment: 2 });
    const m = await inspectMandate(key);
    expect(m.iban).toBe('DE62370400440532013001');
    expect(m.amendments.map((a) => a.changes)).toEqual([
      [
        { field: 'debtorName', from: 'Juergen Mueller', to: 'Juergen Mueller-Schmidt' },
        { field: 'iban', from: 'DE89370400440532013000', to: 'DE62370400440532013001' },
      ],
      [{ field: 'iban', from: 'DE62370400440532013001', to: 'DE62370400440532013001' }],
    ]);
    expect((await inquireMandate(term, key))?.amendments).toBe(2);
    expect(await cancelMandate(term, key)).toBe('cancelled');
    expect(await cancelMandate(term, key)).toBe('already-cancelled');
    expect((await inquireMandate(term, key))?.status).toBe('cancelled');
    const amendCancelled = await amendMandate(term, key, { place: 'Berlin' }).catch((e: unknown) => e);
    expect(amendCancelled).toBeInstanceOf(BusinessRuleError);
    expect((amendCancelled as BusinessRuleError).details.screenErrors).toEqual([expect.stringMatching(/^MNDU002E MANDATE CANCELLED/)]);
  });

  it("the host's own refusals are business errors with its message; lists a debtor's mandates over several pages", async () => {
    const term = await signedOn();
    const bad = await addMandate(term, { creditorId: CREDITOR, umr: 'Mx-bad' }, data({ iban: 'DE00370400440532013000' })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BusinessRuleError);
    expect((bad as BusinessRuleError).details.screenErrors).toEqual(['MNDA005E IBAN INVALID']);
    // 16 mandates of one debtor (two pages of 14), put in the register directly: the list is what is tested here.
    const iban = 'FR1420041010050500013M02606';
    for (let i = 1; i <= 16; i++) {
      const umr = `LIST-${String(i).padStart(2, '0')}`;
      env.bank.state.host.register.add(
        { creditorId: CREDITOR, umr, creditorName: 'C', debtorName: 'D', address1: '', address2: '', country: 'FR', iban, bic: '', scheme: 'CORE', type: 'RCUR', signedOn: '01012026', place: 'Paris', b2bConfirmed: 'N' },
        { now: Date.now() + i, username: 'seed' },
      );
    }
    const rows = await listByDebtor(term, iban);
    expect(rows.map((r) => r.umr)).toEqual(Array.from({ length: 16 }, (_, i) => `LIST-${String(i + 1).padStart(2, '0')}`));
    expect(rows.every((r) => r.status === 'active' && r.creditorId === CREDITOR && r.amendments === 0)).toBe(true);
    expect(await listByDebtor(term, 'DE02120300000000202051')).toEqual([]);
  });
});

describe('the keyboard lock', () => {
  it('loses keys typed while the keyboard is locked; the kit waits for the lock and reads typed text back', async () => {
    const term = await signedOn();
    const page = env.page;
    await startTransaction(term, 'MNDI');
    // Typed at once after Enter, as a naive bot would: the host answers, the keyboard stays locked, the keys are lost.
    await page.keyboard.type('DE98ZZZ09999999999');
    await page.keyboard.press('Enter');
    await page.keyboard.type('LOST');
    expect(await page.textContent('#oia')).toContain('X SYSTEM');
    await term.waitUnlocked();
    const screen = await term.screen();
    expect(screen.rows).toHaveLength(24);
    expect(screen.rows.every((r) => r.length === 80)).toBe(true);
    expect(screen.includes('LOST')).toBe(false);
    // Through the kit nothing is lost.
    expect(await inquireMandate(term, { creditorId: CREDITOR, umr: 'Mx-2026-001' })).toMatchObject({ umr: 'Mx-2026-001', status: 'active' });
  });
});

describe('faults, as the host shows them', () => {
  it('wrong password → CredentialsRejected; maintenance → TargetUnavailable; an abend → TransactionAbended', async () => {
    const wrong = await signOn(env.page, env.bank.url, { ...user, password: 'nope' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CredentialsRejected);
    expect(classifyError(wrong)).toBe('credentials');

    const term = await signedOn();
    env.bank.state.settings.maintenance.now = true;
    const down = await inquireMandate(term, { creditorId: CREDITOR, umr: 'Mx-2026-001' }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(TargetUnavailable);
    expect(String((down as Error).message)).toMatch(/maintenance: MRS0001I SYSTEM UNAVAILABLE/);
    env.bank.state.settings.maintenance.now = false;

    await signOn(env.page, env.bank.url, user);
    env.bank.state.settings.faults.errorRate = 1;
    const abend = await startTransaction(hostTerminal(env.page), 'MNDI').catch((e: unknown) => e);
    expect(abend).toBeInstanceOf(TransactionAbended);
    expect(classifyError(abend)).toBe('system');
  });

  it('an abend after the commit leaves the mandate added: an inquiry finds it', async () => {
    const term = await signedOn();
    env.bank.state.settings.faults.errorAfterPostRate = 1;
    const key = { creditorId: CREDITOR, umr: 'Mx-after-commit' };
    await expect(addMandate(term, key, data())).rejects.toBeInstanceOf(TransactionAbended);
    env.bank.state.settings.faults.errorAfterPostRate = 0;
    expect(await inquireMandate(term, key)).toMatchObject({ umr: key.umr, status: 'active' });
  });

  it('another sign-on of the same user id ends this terminal: SessionLost', async () => {
    const term = await signedOn();
    // Another terminal (its own browser context: its own cookies) signs on with the same user id.
    const otherContext = await env.browser.newContext();
    const other = await otherContext.newPage();
    await signOn(other, env.bank.url, user);
    const lost = await inquireMandate(term, { creditorId: CREDITOR, umr: 'Mx-2026-001' }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(SessionLost);
    expect(String((lost as Error).message)).toMatch(/SESSION ENDED/);
    await otherContext.close();
    // Signing on again recovers.
    const again = await signedOn();
    expect(await inquireMandate(again, { creditorId: CREDITOR, umr: 'Mx-2026-001' })).not.toBeNull();
  });
});
