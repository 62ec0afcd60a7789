/**
 * Password hashes for board users: `scrypt$N$r$p$salt$hash` (salt and hash base64), made by
 * `rpa user add` and checked at sign-in in constant time. Only the hash is ever stored.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SCRYPT_HASH } from '../../../config/board.js';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 100 ms and 32 MiB per hash on a server core (OWASP's minimum is N=2^17 r=8 p=1 for 2023; see README). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Refuse parameters that would make one sign-in cost more than ~1 GiB. */
const MAX_MEMORY = 1024 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const memory = 128 * params.N * params.r * params.p;
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: memory * 2 + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params, KEY_LENGTH);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Parses a stored hash; undefined when it is not one of ours or its parameters are out of bounds. */
export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  if (!SCRYPT_HASH.test(stored)) return undefined;
  const [, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.r < 1 || params.p < 1 || 128 * params.N * params.r * params.p > MAX_MEMORY) return undefined;
  return { params, salt: Buffer.from(salt!, 'base64'), key: Buffer.from(key!, 'base64') };
}

/** True when the password matches the stored hash (constant-time comparison). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}
