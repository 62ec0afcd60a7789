import { parseArgs } from 'node:util';
import { ConfigError, SecretError } from '../config/errors.js';
import { audit } from './commands/audit.js';
import { board } from './commands/board.js';
import { configCheck } from './commands/config-check.js';
import { demo } from './commands/demo.js';
import { dispatch, dispatchFile } from './commands/dispatch.js';
import { exceptions, UsageError } from './commands/exceptions.js';
import { items } from './commands/items.js';
import { plan } from './commands/plan.js';
import { schedules } from './commands/schedules.js';
import { legacyBank } from './commands/legacy-bank.js';
import { user } from './commands/user.js';
import { watch, worker } from './commands/worker.js';
import { screen, SCREEN_HELP } from './screen.js';

const HELP = `rpa — backoffice-rpa command line

  rpa demo [--payments N] [--serve] Redis, the simulator and a worker; one balance check per demo account,
                                    then a sample payment file (N payments, default 50) entered as one run;
                                    --serve keeps the board up afterwards, with demo users;
                                    --night runs a compressed night instead (a plan, its forecast, the morning summary)
  rpa worker [--bots a,b]           run bot queues until SIGTERM/SIGINT (graceful shutdown)
  rpa legacy-bank [--port N]        run the legacy-bank simulator on its own
  rpa dispatch <bot> <input-json> [--run ID]
  rpa dispatch <run> --file F [--no-wait]   a file as one run (payment-batch: a payment file), with a progress bar
  rpa watch                         watch the runs' drop folders (rpa worker does too)
  rpa exceptions list [--status S] [--type T] [--run ID]
  rpa exceptions show <id>
  rpa exceptions decide <id> recommend|approve|reject|resume --by NAME [--role ROLE[,ROLE]] [--note TEXT] [--input JSON]
                                    --input: corrected item data, for resume, or for recommending a compliance release
                                    roles default to handler; a compliance release is recommend by one
                                    person, then approve --role approver by another
  rpa items find <business-key>
  rpa schedules list [--json]       the schedules and plans' starts: next start, last start, paused, missed
  rpa schedules pause|resume|trigger <name> --by NAME [--role operator]
                                    pause, resume, or start one now (role operator, as on the board; audited)
  rpa plan status [night] [--json]  the latest nights, their steps, and the forecast finish against the deadline
  rpa plan restart <night> <step> --by NAME   start a failed or stopped step again (and what it stopped)
  rpa config check [file]           print the effective configuration (secrets masked)
  rpa board [--port N]              serve the board (operators' and handlers' web app) until SIGTERM/SIGINT
  rpa user add NAME --roles a,b [--password-stdin]   add a board user (scrypt hash into the config file)
  rpa audit verify                  check the audit trail's hash chain; exit 1 at the first broken entry
${SCREEN_HELP}
Common options: --config FILE (else RPA_CONFIG, else config/default.yaml), --pretty
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      pretty: { type: 'boolean' },
      bots: { type: 'string' },
      port: { type: 'string' },
      run: { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
      by: { type: 'string' },
      role: { type: 'string' },
      note: { type: 'string' },
      input: { type: 'string' },
      timeout: { type: 'string' },
      file: { type: 'string' },
      payments: { type: 'string' },
      'no-wait': { type: 'boolean' },
      serve: { type: 'boolean' },
      night: { type: 'boolean' },
      roles: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      country: { type: 'string' },
      dob: { type: 'string' },
      bic: { type: 'string' },
      imo: { type: 'string' },
      lists: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'demo':
      return demo(values);
    case 'worker':
      return worker(values);
    case 'legacy-bank':
      return legacyBank(values);
    case 'dispatch':
      if (sub && values.file) return dispatchFile({ ...values, file: values.file, wait: !values['no-wait'] }, sub);
      if (!sub || !rest[0]) throw new UsageError('rpa dispatch <bot> <input-json>, or rpa dispatch <run> --file F (e.g. rpa dispatch payment-batch --file payments.xlsx)');
      return dispatch(values, sub, rest[0]);
    case 'watch':
      return watch(values);
    case 'exceptions':
      return exceptions(values, sub, rest);
    case 'items':
      return items(values, sub, rest);
    case 'schedules':
      return schedules(values, sub, rest);
    case 'plan':
      return plan(values, sub, rest);
    case 'screen':
      return screen(values, [sub, ...rest]);
    case 'board':
      return board(values);
    case 'user':
      return user(values, sub, rest);
    case 'audit':
      return audit(values, sub);
    case 'config':
      if (sub !== 'check') throw new UsageError('rpa config check [file]');
      return configCheck(rest[0] ?? values.config);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as Error & { whatNext?: string };
    const known = err instanceof ConfigError || err instanceof SecretError || e.whatNext !== undefined;
    process.stderr.write(`rpa: ${known ? e.message : (e.stack ?? String(err))}\n`);
    if (e.whatNext) process.stderr.write(`what to do: ${e.whatNext}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
