/**
 * A simulator of the test's own (its own bot accounts), a Runtime on the suite's Redis and a
 * running WorkerHost for the given bots, started before the file's tests and stopped after them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { AnyBot } from '../../bots/kit/define-bot.js';
import { legacyBankTarget } from '../../bots/targets/legacy-bank/index.js';
import { mandateHostTarget } from '../../bots/targets/mandate-host/index.js';
import type { LegacyBankOptionsInput } from '../../legacy-bank/options.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import type { Runtime } from '../../queue/runtime.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { LogCapture, testConfig, testRuntime } from './runtime.js';

export interface BankWorkerOptions {
  bots: AnyBot[];
  usernames?: string[];
  customers?: number;
  /** Further simulator options (seed, faults, logger…); the port, the users and inspection are filled in. */
  bank?: Omit<LegacyBankOptionsInput, 'port' | 'users' | 'inspection'>;
  /** Further config (deep-merged over the test config; the target's URL and accounts are filled in). */
  config?: () => Record<string, unknown>;
}

export function useBankWorker(options: BankWorkerOptions) {
  const users = (options.usernames ?? ['bot1', 'bot2']).map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
  const logs = new LogCapture();
  let bank: LegacyBankHandle | undefined;
  let rt: Runtime | undefined;
  let host: WorkerHost | undefined;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started yet (use it inside a test)`);
    return v;
  };

  /** A Runtime for the same bots and simulator, with `extra` config (logging at the config's level) into `log`. */
  const runtime = (extra: Record<string, unknown>, log: LogCapture): Runtime => {
    const target = { baseUrl: need(bank, 'the simulator').url, accounts: users.map(({ username }) => ({ username })) };
    const config = testConfig(extra, { targets: { 'legacy-bank': target, 'mandate-host': target } });
    return testRuntime({ bots: options.bots, adapters: [legacyBankTarget, mandateHostTarget], config, log, users, level: config.log.level });
  };

  beforeAll(async () => {
    bank = await startLegacyBank({ customers: options.customers ?? 4, ...options.bank, port: 0, users, inspection: true });
    rt = runtime(options.config?.() ?? {}, logs);
    host = new WorkerHost(rt);
    await host.start();
  });
  afterAll(async () => {
    await host?.shutdown(2_000);
    await rt?.close();
    await bank?.close();
  });

  return {
    users,
    logs,
    runtime,
    get bank() {
      return need(bank, 'the simulator');
    },
    get rt() {
      return need(rt, 'the runtime');
    },
    /** How many postings the simulator holds under each reference. */
    async postingCounts(): Promise<Record<string, number>> {
      const res = await fetch(`${need(bank, 'the simulator').url}/_inspect/postings`);
      return ((await res.json()) as { countByReference: Record<string, number> }).countByReference;
    },
  };
}
