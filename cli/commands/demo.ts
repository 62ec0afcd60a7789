import { startLegacyBank } from '../../legacy-bank/server.js';
import type { BalanceCheckResult } from '../../bots/balance-check/index.js';
import { loadConfig } from '../../config/load.js';
import { maskAccount } from '../../logging/redact.js';
import { dispatchItem, newRunId } from '../../queue/dispatch.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { ensureDemoSecrets } from '../demo-secrets.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { simulatorOptions } from './legacy-bank.js';

interface InspectedAccount {
  accountNumber: string;
  iban: string;
  holder: string;
  currency: string;
  balance: string;
}

export class DemoTimedOut extends Error {
  readonly whatNext = 'Look at the worker log above for the items that did not finish; run `rpa exceptions list`.';
  constructor(pending: number) {
    super(`${pending} item(s) had no outcome in time`);
    this.name = 'DemoTimedOut';
  }
}

/**
 * `rpa demo`: a private Redis, the simulator and a worker; one balance-check item per
 * demo account, each read through a leased bot-account session; a summary table that
 * compares each balance read from the screen with what the simulator holds.
 */
export async function demo(flags: CliFlags & { timeout?: string }): Promise<number> {
  // Interrupted: exit now; the exit handlers stop the private redis-server (nothing is lost: its AOF is on).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  ensureDemoSecrets(loadConfig({ file: flags.config }));
  const loaded = setup(flags);
  const { log } = loaded;
  const bank = await startLegacyBank({ ...simulatorOptions(loaded, 0), inspection: true });
  const target = loaded.config.targets['legacy-bank'];
  if (target) target.baseUrl = bank.url;
  const { rt, close } = await startRuntime(loaded);
  const host = new WorkerHost(rt, ['balance-check']);
  try {
    await host.start();
    const accounts = (await (await fetch(`${bank.url}/_inspect/accounts`)).json()) as InspectedAccount[];
    const runId = newRunId('demo');
    const asOf = new Date().toISOString();
    log.info({ runId, items: accounts.length, simulator: bank.url }, 'demo run: dispatching one balance check per account');
    const items = await Promise.all(accounts.map((a) => dispatchItem(rt, 'balance-check', { account: a.iban, asOf }, { runId })));
    const deadline = Date.now() + Number(flags.timeout ?? 180) * 1000;
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
    printTable(rows);
    const done = rows.filter((r) => r.status === 'done').length;
    const matched = rows.filter((r) => r.match === 'yes').length;
    const sessions = (await (await fetch(`${bank.url}/_inspect/sessions`)).json()) as { users: Record<string, { logins: number }> };
    const logins = Object.fromEntries(Object.entries(sessions.users).map(([user, s]) => [user, s.logins]));
    process.stdout.write(
      `\nrun ${runId}: ${rows.length} accounts, ${done} done, ${rows.length - done} exceptions, ${matched} balances match the simulator\n` +
        `logins per bot account (sessions are reused across items): ${JSON.stringify(logins)}\n`,
    );
    return done === rows.length && matched === rows.length ? 0 : 1;
  } finally {
    await host.shutdown(5_000);
    await close();
    await bank.close();
  }
}

function printTable(rows: Record<string, string>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length))]));
  const line = (r: Record<string, string>) => cols.map((c) => (r[c] ?? '').padEnd(width[c]!)).join('  ');
  process.stdout.write('\n' + line(Object.fromEntries(cols.map((c) => [c, c]))) + '\n');
  process.stdout.write(cols.map((c) => '-'.repeat(width[c]!)).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}
