import type { LoadedConfig } from '../../config/load.js';
import type { Logger } from '../../logging/logger.js';
import type { Runtime } from '../../queue/runtime.js';
import { startBoard, type BoardHandle } from '../../queue/board/server.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';

/** The board over a runtime; the session key from the secrets. */
export async function serveBoard(loaded: LoadedConfig & { log: Logger }, rt: Runtime, port?: number): Promise<BoardHandle> {
  const audit = rt.audit;
  const board = await startBoard({ rt, config: loaded.config, log: loaded.log.child({ component: 'board' }), audit }, { secrets: loaded.secrets, port });
  loaded.log.info({ url: board.url, users: loaded.config.board.users.length }, 'board listening');
  return board;
}

/** What to do when the board has no user: nobody can sign in until the first administrator is made. */
export function firstAdminHelp(configFile: string): string {
  return [
    'no board users yet, so nobody can sign in. Create the first administrator, then start the board again:',
    '  npm run rpa -- user add alice --roles admin,operator,handler,approver',
    `It asks for the password (or reads it with --password-stdin) and writes the user, with an scrypt hash of the password, to ${configFile}.`,
    'Roles: viewer (reads), operator (dispatches, retries), handler (decides exceptions), approver (second pair of eyes), admin (users, queues).',
    '',
  ].join('\n');
}

/** `rpa board [--port N]`: serves the board until SIGTERM/SIGINT. */
export async function board(flags: CliFlags & { port?: string }): Promise<number> {
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    const handle = await serveBoard(loaded, rt, flags.port !== undefined ? Number(flags.port) : undefined);
    process.stdout.write(`board: ${handle.url}\n`);
    if (loaded.config.board.users.length === 0) process.stdout.write(firstAdminHelp(loaded.source.file));
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      process.once('SIGINT', () => resolve());
    });
    await handle.close();
    return 0;
  } finally {
    await close();
  }
}
