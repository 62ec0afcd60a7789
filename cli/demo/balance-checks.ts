import type { BalanceCheckResult } from '../../bots/balance-check/index.js';
import { maskAccount } from '../../logging/redact.js';
import { dispatchItem, newRunId } from '../../queue/dispatch.js';
import type { Runtime } from '../../queue/runtime.js';
import { printTable } from './print-table.js';
import { RpaError } from '../../banking/index.js';

interface InspectedAccount {
  accountNumber: string;
  iban: string;
  holder: string;
  currency: string;
  balance: string;
}

export class DemoTimedOut extends RpaError {
  readonly whatNext = 'Look at the worker log for the items that did not finish; run `rpa exceptions list`.';
  constructor(pending: number) {
    super(`${pending} item(s) had no outcome in time`);
  }
}

/** Demo step 1: one balance check per account; true when every balance read matches the simulator's. */
export async function demoBalanceChecks(rt: Runtime, bankUrl: string, timeoutMs: number): Promise<boolean> {
  const accounts = (await (await fetch(`${bankUrl}/_inspect/accounts`)).json()) as InspectedAccount[];
  const runId = newRunId('demo');
  const asOf = new Date().toISOString();
  rt.log.info({ runId, items: accounts.length }, 'demo: one balance check per account');
  const items = await Promise.all(accounts.map((a) => dispatchItem(rt, 'balance-check', { account: a.iban, asOf }, { runId })));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Finished in BullMQ (return value stored) and with an outcome in the item index.
    const jobs = await Promise.all(items.map((i) => rt.queue('balance-check').getJob(i.itemId)));
    const statuses = await Promise.all(items.map((i) => rt.items.get(i.itemId)));
    const pending = statuses.filter((s, i) => !jobs[i]?.finishedOn || (s?.status !== 'done' && s?.status !== 'exception')).length;
    if (pending === 0) break;
    if (Date.now() > deadline) throw new DemoTimedOut(pending);
    await new Promise((r) => setTimeout(r, 200));
  }
  const rows = await Promise.all(
    accounts.map(async (a, i) => {
      const itemId = items[i]!.itemId;
      const status = (await rt.items.get(itemId))?.status ?? 'unknown';
      const read = (await rt.queue('balance-check').getJob(itemId))?.returnvalue as BalanceCheckResult | undefined;
      return {
        account: maskAccount(a.iban),
        holder: a.holder.slice(0, 24),
        currency: a.currency,
        screen: read?.balance ?? '-',
        expected: a.balance,
        status,
        match: read?.balance === a.balance ? 'yes' : 'NO',
        via: read?.botAccount ?? '-',
      };
    }),
  );
  process.stdout.write('\nBalance checks: every account read from the account enquiry screen\n');
  printTable(rows);
  const done = rows.filter((r) => r.status === 'done').length;
  const matched = rows.filter((r) => r.match === 'yes').length;
  const sessions = (await (await fetch(`${bankUrl}/_inspect/sessions`)).json()) as { users: Record<string, { logins: number }> };
  const logins = Object.fromEntries(Object.entries(sessions.users).map(([user, s]) => [user, s.logins]));
  process.stdout.write(
    `\nrun ${runId}: ${rows.length} accounts, ${done} done, ${rows.length - done} exceptions, ${matched} balances match the simulator\n` +
      `logins per bot account (sessions are reused across items): ${JSON.stringify(logins)}\n`,
  );
  return done === rows.length && matched === rows.length;
}
