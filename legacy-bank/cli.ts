/**
 * Running the simulator from a command line: `parseLegacyBankArgs(argv)` and `runLegacyBankFromCli(options)`.
 * Used by legacy-bank/main.ts (`tsx legacy-bank/main.ts --port 4010`) and by the `rpa legacy-bank` command.
 *
 * Flags: --port N, --host H, --seed N, --customers N, --history-months N, --idle-timeout SEC,
 *        --user NAME:PASSWORD (repeatable), --maintenance-now, --maintenance-window HH:MM-HH:MM (repeatable),
 *        --latency MS, --error-rate F, --slow-rate F, --slow-ms MS, --error-after-post-rate F,
 *        --session-max-age SEC, --inspection.
 * Users may also come from LEGACY_BANK_USERS="name:password,name2:password2" (keeps passwords out of `ps`).
 */
import { parseLegacyBankOptions, type LegacyBankOptionsInput } from './options.js';
import { startLegacyBank, type LegacyBankHandle } from './server.js';

function parseUser(spec: string): { username: string; password: string } {
  const i = spec.indexOf(':');
  if (i <= 0 || i === spec.length - 1) throw new Error(`--user expects NAME:PASSWORD`);
  return { username: spec.slice(0, i), password: spec.slice(i + 1) };
}

export function parseLegacyBankArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LegacyBankOptionsInput {
  const users: { username: string; password: string }[] = [];
  const windows: string[] = [];
  const faults: Record<string, number> = {};
  const out: LegacyBankOptionsInput = {};
  let maintenanceNow = false;
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`${flag} expects a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': out.port = num(flag, value()); break;
      case '--host': out.host = value(); break;
      case '--seed': out.seed = num(flag, value()); break;
      case '--customers': out.customers = num(flag, value()); break;
      case '--history-months': out.historyMonths = num(flag, value()); break;
      case '--idle-timeout': out.idleTimeoutSec = num(flag, value()); break;
      case '--user': users.push(parseUser(value() ?? '')); break;
      case '--maintenance-now': maintenanceNow = true; break;
      case '--maintenance-window': windows.push(value() ?? ''); break;
      case '--latency': faults.latencyMs = num(flag, value()); break;
      case '--error-rate': faults.errorRate = num(flag, value()); break;
      case '--slow-rate': faults.slowRate = num(flag, value()); break;
      case '--slow-ms': faults.slowMs = num(flag, value()); break;
      case '--error-after-post-rate': faults.errorAfterPostRate = num(flag, value()); break;
      case '--session-max-age': faults.sessionMaxAgeSec = num(flag, value()); break;
      case '--inspection': out.inspection = true; break;
      default: throw new Error(`unknown argument: ${arg}`);
    }
  }
  for (const spec of (env.LEGACY_BANK_USERS ?? '').split(',').filter(Boolean)) users.push(parseUser(spec.trim()));
  if (users.length) out.users = users;
  if (maintenanceNow || windows.length) out.maintenance = { now: maintenanceNow, windows };
  if (Object.keys(faults).length) out.faults = faults;
  return out;
}

/** Starts the simulator, prints its URL, and closes it on SIGINT/SIGTERM. */
export async function runLegacyBankFromCli(
  options: LegacyBankOptionsInput,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<LegacyBankHandle> {
  const parsed = parseLegacyBankOptions(options);
  const bank = await startLegacyBank(parsed);
  out(`legacy-bank listening on ${bank.url} (seed ${parsed.seed}, ${bank.state.accounts.length} accounts)`);
  if (parsed.users.length === 0) out('warning: no users configured (--user NAME:PASSWORD or LEGACY_BANK_USERS): nobody can log in');
  else out(`users: ${parsed.users.map((u) => u.username).join(', ')}`);
  if (parsed.inspection) out(`inspection API: ${bank.url}/_inspect`);
  const stop = () => {
    void bank.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return bank;
}
