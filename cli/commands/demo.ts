import { startLegacyBank } from '../../legacy-bank/server.js';
import { loadConfig } from '../../config/load.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { demoBalanceChecks } from '../demo/balance-checks.js';
import { demoCollections } from '../demo/collections.js';
import { demoMandates } from '../demo/mandates.js';
import { demoNight } from '../demo/night.js';
import { demoPaymentFile } from '../demo/payment-file.js';
import { demoReconciliation, openDemoAccounts } from '../demo/reconciliation.js';
import { demoSanctionsLists } from '../demo/sanctions-lists.js';
import { ensureDemoSecrets } from '../demo-secrets.js';
import { ensureBoardDemoSecrets, serveDemoBoard } from '../demo/serve-board.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { keepBankTime, SIMULATED_TARGETS, simulatorOptions } from './legacy-bank.js';

/**
 * `rpa demo`: a private Redis, the simulator and a worker. One balance check per demo
 * account, each read through a leased bot-account session and compared with what the
 * simulator holds; then a sample payment file entered on TX01 as one run, with its report; then
 * mandates on the green-screen register, from a sheet and from a ZIP of scanned forms, with their
 * reports; then one direct-debit collection cycle on those mandates (file validated, uploaded, the
 * bank's answers fetched and applied, one return acted on, the debits controlled, the report
 * printed); then the day's reconciliation of the account the payments came from and a second one
 * (statements fetched, a ledger export with planted breaks, the daily balancing printed, the breaks
 * in the inbox). Exits 0 when all five came out as expected. With --serve, the board stays up afterwards (see demo/serve-board.ts).
 * With --night, only a compressed night instead: a plan of those runs, ending with the morning summary (demo/night.ts).
 */
export async function demo(flags: CliFlags & { timeout?: string; payments?: string; serve?: boolean; night?: boolean }): Promise<number> {
  // Interrupted: exit now; the exit handlers stop the private redis-server (nothing is lost: its AOF is on).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  ensureDemoSecrets(loadConfig({ file: flags.config }));
  if (flags.serve) ensureBoardDemoSecrets(loadConfig({ file: flags.config }));
  const loaded = setup(flags);
  keepBankTime(loaded);
  demoSanctionsLists(loaded.config, process.stdout);
  const bank = await startLegacyBank({ ...simulatorOptions(loaded, 0), inspection: true });
  for (const name of SIMULATED_TARGETS) {
    const target = loaded.config.targets[name];
    if (target) target.baseUrl = bank.url;
  }
  const { rt, close } = await startRuntime(loaded);
  // Every registered bot: the demo's runs and the night's plan steps (a list of names here fell behind the registry once).
  const host = new WorkerHost(rt);
  try {
    await host.start();
    // --night: only the compressed night (demo/night.ts).
    if (flags.night) {
      const ok = await demoNight(rt, bank, Number(flags.payments ?? 40));
      if (flags.serve) await serveDemoBoard(loaded, rt);
      return ok ? 0 : 1;
    }
    const balancesOk = await demoBalanceChecks(rt, bank.url, Number(flags.timeout ?? 180) * 1000);
    const accounts = openDemoAccounts(bank);
    const paymentsOk = await demoPaymentFile(rt, accounts.treasury.accountNumber, Number(flags.payments ?? 50));
    const mandates = await demoMandates(rt, bank.url);
    const collectionsOk = await demoCollections(rt, bank, mandates.entered);
    const reconciledOk = await demoReconciliation(rt, bank, accounts);
    // --serve: the board stays up (with the worker and the simulator) until Ctrl-C.
    if (flags.serve) await serveDemoBoard(loaded, rt);
    return balancesOk && paymentsOk && mandates.ok && collectionsOk && reconciledOk ? 0 : 1;
  } finally {
    await host.shutdown(5_000);
    await close();
    await bank.close();
  }
}
