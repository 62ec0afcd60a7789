/**
 * Adds or updates a board user in a YAML config file (`board.users`), keeping everything else in
 * the file as it was: comments, order, other sections (the `yaml` package's document API).
 * The file is validated as a whole before it is replaced, and replaced atomically.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { BOARD_ROLES } from '../config/board.js';
import { ConfigError } from '../config/errors.js';
import { toProblems } from '../config/load.js';
import { configSchema } from '../config/schema.js';
import { UsageError } from './commands/exceptions.js';

export type BoardRole = (typeof BOARD_ROLES)[number];

export function parseRoles(text: string | undefined): BoardRole[] {
  const roles = (text ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(BOARD_ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length) {
    throw new UsageError(`--roles needs one or more of ${BOARD_ROLES.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  }
  return [...new Set(roles)] as BoardRole[];
}

/** Writes the user into `board.users` of the file; returns whether it was new (else its hash and roles were replaced). */
export function writeBoardUser(file: string, user: { username: string; passwordHash: string; roles: BoardRole[] }): { created: boolean } {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(file, [{ path: '', expected: 'valid YAML', found: doc.errors[0]!.message.split('\n')[0]! }]);
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (!isMap(doc.contents)) throw new ConfigError(file, [{ path: '', expected: 'a mapping of keys', found: 'something else' }]);
  let users = doc.getIn(['board', 'users']);
  if (users === undefined || users === null) {
    doc.setIn(['board', 'users'], new YAMLSeq());
    users = doc.getIn(['board', 'users']);
  }
  if (!isSeq(users)) throw new ConfigError(file, [{ path: 'board.users', expected: 'a list of users', found: 'something else' }]);
  const node = doc.createNode({ username: user.username, passwordHash: user.passwordHash, roles: user.roles });
  const at = users.items.findIndex((item) => isMap(item) && item.get('username') === user.username);
  if (at >= 0) users.items[at] = node;
  else users.items.push(node);

  const result = configSchema.safeParse(doc.toJS());
  if (!result.success) throw new ConfigError(file, toProblems(doc.toJS(), result.error.issues));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString(), { mode: statSync(file).mode & 0o777 });
  renameSync(tmp, file);
  return { created: at < 0 };
}
