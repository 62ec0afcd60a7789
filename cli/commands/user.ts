import path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { hashPassword } from '../../queue/board/auth/passwords.js';
import { parseRoles, writeBoardUser } from '../board-users-file.js';
import { readNewPassword } from '../prompt-password.js';
import { UsageError } from './exceptions.js';

/**
 * `rpa user add NAME --roles a,b [--password-stdin] [--config F]`: asks for the password (or reads
 * it from standard input) and writes its scrypt hash and the roles into the config file's
 * `board.users`. The password itself is written nowhere.
 */
export async function user(
  flags: { config?: string; roles?: string; 'password-stdin'?: boolean },
  sub: string | undefined,
  args: string[],
  io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {},
): Promise<number> {
  const [username] = args;
  if (sub !== 'add' || !username) throw new UsageError('rpa user add NAME --roles operator,handler [--password-stdin] [--config FILE]');
  const roles = parseRoles(flags.roles);
  const file = path.resolve(flags.config ?? process.env.RPA_CONFIG ?? DEFAULT_CONFIG_FILE);
  const password = await readNewPassword({ fromStdin: flags['password-stdin'] === true, stdin: io.stdin });
  const { created } = writeBoardUser(file, { username, passwordHash: await hashPassword(password), roles });
  (io.stdout ?? process.stdout).write(`${created ? 'added' : 'updated'} board user ${username} (${roles.join(', ')}) in ${file}\n`);
  return 0;
}
