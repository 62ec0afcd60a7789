import { randomUUID } from 'node:crypto';
import { DEMO_LIST_FILE } from '../../compliance/lists/sources.js';
import { inject } from 'vitest';
import { Writable } from 'node:stream';
import { configSchema, type Config } from '../../config/schema.js';
import { Secrets } from '../../config/secrets.js';
import { createLogger } from '../../logging/logger.js';
import type { Run } from '../../bots/kit/define-run.js';
import { RUNS } from '../../bots/registry.js';
import type { AnyBot } from '../../bots/kit/define-bot.js';
import type { TargetAdapter } from '../../bots/kit/target.js';
import { Runtime } from '../../queue/runtime.js';

/** Lines a test logger wrote, parsed. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk, _enc, done) => {
      this.lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  get records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/** A config for tests: the shared simulator as target `legacy-bank`, a unique key prefix, fast timings; each of `layers` deep-merged over it in turn. */
/** A target on the suite's simulator, with short leases and waits for tests. */
const suiteTarget = () => ({
  baseUrl: inject('bankUrl'),
  accounts: inject('bankUsers').map((u) => ({ username: u.username })),
  leaseTtlMs: 3_000,
  leaseWaitMs: 2_000,
  unavailableDelayMs: 200,
  breaker: { failureThreshold: 3, coolDownMs: 1_000 },
});

export function testConfig(...layers: Record<string, unknown>[]): Config {
  const base = {
    dataDir: inject('dataDir'),
    redis: { prefix: `t${randomUUID().slice(0, 8)}` },
    log: { level: 'debug', pretty: 'never' },
    worker: { shutdownGraceMs: 5_000, lockDurationMs: 5_000, stalledIntervalMs: 5_000 },
    // The suite's simulator: its web system and its green-screen host (the same users).
    targets: { 'legacy-bank': suiteTarget(), 'mandate-host': suiteTarget() },
    // Payments are screened before they are entered: against the project's small demo list (no lists: no payments).
    compliance: { lists: { ofacSdn: { sdn: DEMO_LIST_FILE } } },
  };
  return configSchema.parse(layers.reduce(deepMerge, base));
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
      ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

/** The bot accounts' passwords (the suite's simulator users, or a test's own), as the environment would hold them. */
export function testSecretsEnv(users: { username: string; password: string }[] = inject('bankUsers')): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const u of users) {
    for (const target of ['legacy-bank', 'mandate-host']) env[Secrets.envName(Secrets.accountPassword(target, u.username))] = u.password;
  }
  return env;
}

export function testRuntime(options: {
  bots: AnyBot[];
  adapters?: TargetAdapter[];
  config?: Config;
  log?: LogCapture;
  /** Bot accounts of a simulator the test started itself (default: the suite's). */
  users?: { username: string; password: string }[];
  /** The logger's level (default: debug, whatever the config says). */
  level?: Config['log']['level'];
  /** The runs files become (default: every registered run). */
  runs?: Run[];
  /** More secrets, as the environment would hold them (RPA_SECRET_…). */
  secretsEnv?: NodeJS.ProcessEnv;
}): Runtime {
  const config = options.config ?? testConfig();
  const log = createLogger({ level: options.level ?? 'debug', pretty: 'never', destination: (options.log ?? new LogCapture()).stream });
  return new Runtime(
    config,
    Secrets.load(undefined, { ...testSecretsEnv(options.users), ...options.secretsEnv }),
    inject('redisUrl'),
    log,
    new Map(options.bots.map((b) => [b.name, b])),
    new Map((options.adapters ?? []).map((a) => [a.name, a])),
    new Map((options.runs ?? RUNS).map((r) => [r.name, r])),
  );
}
