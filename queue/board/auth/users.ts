/**
 * The board's users, from the config's `board.users` (user name, scrypt hash, roles). Checking a
 * password costs the same whether the user exists or not: an unknown name is checked against a
 * hash of a random password with the same parameters.
 */
import { randomBytes } from 'node:crypto';
import type { BoardUserConfig } from '../../../config/board.js';
import type { BoardUser } from '../routes.js';
import { DEFAULT_SCRYPT, hashPassword, parseHash, verifyPassword } from './passwords.js';

export class UserDirectory {
  private readonly users: Map<string, BoardUserConfig>;
  private decoy: Promise<string> | undefined;

  constructor(users: readonly BoardUserConfig[]) {
    this.users = new Map(users.map((u) => [u.username, u]));
  }

  /** The user as the pages see it (never the hash), or undefined when there is no such user. */
  find(username: string): BoardUser | undefined {
    const u = this.users.get(username);
    return u ? { username: u.username, roles: [...u.roles] } : undefined;
  }

  /** The user when the password is theirs; undefined otherwise (same work either way). */
  async authenticate(username: string, password: string): Promise<BoardUser | undefined> {
    const u = this.users.get(username);
    const ok = await verifyPassword(password, u?.passwordHash ?? (await this.decoyHash()));
    return ok && u ? this.find(username) : undefined;
  }

  private decoyHash(): Promise<string> {
    const first = this.users.values().next().value;
    const params = (first && parseHash(first.passwordHash)?.params) || DEFAULT_SCRYPT;
    this.decoy ??= hashPassword(randomBytes(24).toString('base64url'), params);
    return this.decoy;
  }
}
