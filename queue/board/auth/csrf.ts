/**
 * CSRF tokens: each session has one (random, 256 bits); every POST must carry it, as the form
 * field `_csrf` or the header `x-csrf-token`. Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Equal strings, in time that does not depend on where they differ (digests have equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** The token the request carries: the header, else the form field (the body stays readable: Hono caches it for the handler). */
export async function csrfTokenOf(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  try {
    const value = (await c.req.parseBody())[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // a body that is no form carries no token
  }
}
