import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `X-Signature` header value for a body: `sha256=<hex HMAC-SHA256 of the body with the shared secret>`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
export function verifySignature(body: string, header: string | undefined | null, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
