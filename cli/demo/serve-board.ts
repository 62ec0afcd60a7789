/**
 * `rpa demo --serve`: after the demo, the board stays up (with the worker) until Ctrl-C.
 * The demo users, one per role plus a second approver for four-eyes releases, get random
 * passwords kept in the secrets file (`board-demo/<user>`, mode 600, made when missing, like
 * the bot accounts'). They are never printed or logged: the board's start writes them, with the
 * users' roles, to `<dataDir>/demo-board-users.txt` (mode 600) and prints where that file is, so
 * that an output redirected to a log holds no password.
 * Their hashes are added to the configuration in memory only: the config file is not touched.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BoardUserConfig } from '../../config/board.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Logger } from '../../logging/logger.js';
import { hashPassword } from '../../queue/board/auth/passwords.js';
import type { Runtime } from '../../queue/runtime.js';
import { serveBoard } from '../commands/board.js';
import { addMissingSecrets } from '../demo-secrets.js';
import { printTable } from './print-table.js';

export const DEMO_BOARD_USERS: { username: string; roles: BoardUserConfig['roles'] }[] = [
  { username: 'operator', roles: ['operator'] },
  { username: 'handler', roles: ['handler'] },
  { username: 'approver', roles: ['approver'] },
  { username: 'approver2', roles: ['approver'] },
  { username: 'viewer', roles: ['viewer'] },
  { username: 'admin', roles: ['admin'] },
];

export const demoPasswordSecret = (username: string) => `board-demo/${username}`;

/** Adds the board's session key and the demo users' passwords to the secrets file when missing; returns the names added. */
export function ensureBoardDemoSecrets(loaded: LoadedConfig): string[] {
  const sessionKey = loaded.config.board.sessionKeySecret;
  const wanted = [sessionKey, ...DEMO_BOARD_USERS.map((u) => demoPasswordSecret(u.username))];
  return addMissingSecrets(loaded, wanted, (name) => (name === sessionKey ? 48 : 12));
}

/** Serves the board with the demo users until the process is stopped (the demo's signal handlers end it). */
export async function serveDemoBoard(loaded: LoadedConfig & { log: Logger }, rt: Runtime): Promise<never> {
  const taken = new Set(loaded.config.board.users.map((u) => u.username));
  const users = DEMO_BOARD_USERS.filter((u) => !taken.has(u.username)).map((u) => ({ ...u, password: loaded.secrets.get(demoPasswordSecret(u.username)) }));
  for (const u of users) loaded.config.board.users.push({ username: u.username, roles: u.roles, passwordHash: await hashPassword(u.password) });
  const board = await serveBoard(loaded, rt).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    return serveBoard(loaded, rt, 0); // the configured port is taken (another board?): any free one
  });
  const file = writeDemoUsersFile(loaded.config.dataDir, users);
  process.stdout.write(`\nBoard: ${board.url}  (Ctrl-C to stop; the worker keeps running)\nDemo users (their passwords are in ${file}, readable by you only):\n`);
  printTable(users.map((u) => ({ user: u.username, roles: u.roles.join(', ') })));
  return new Promise<never>(() => {});
}

/** The demo users and their passwords in a file only its owner can read; returns its path. */
export function writeDemoUsersFile(dataDir: string, users: { username: string; roles: readonly string[]; password: string }[]): string {
  const file = path.resolve(dataDir, 'demo-board-users.txt');
  mkdirSync(path.dirname(file), { recursive: true });
  const lines = ['# The demo board users (rpa demo --serve). Sign in at the board with these.', ...users.map((u) => `${u.username}\t${u.roles.join(',')}\t${u.password}`)];
  // Created with mode 600, and made so if it was there already with another mode.
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
