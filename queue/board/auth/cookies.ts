/**
 * The board's cookies, signed with HMAC-SHA256 (Hono's signed cookies) under the secret
 * `board.sessionKeySecret` (default `board/session-key`). Always HttpOnly and SameSite=Strict;
 * over HTTPS also Secure, with the `__Host-` prefix (no Domain, Path=/, so no sub-domain can set it).
 * - the session cookie holds the session id only;
 * - the sign-in cookie holds the sign-in form's one-off CSRF token (there is no session yet).
 */
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { RpaError } from '../../../banking/index.js';

export const SESSION_COOKIE = 'rpa_board';
export const SIGNIN_COOKIE = 'rpa_board_signin';

export class WeakSessionKey extends RpaError {
  readonly whatNext = 'Put at least 32 random characters in the secret, e.g. `openssl rand -base64 32` (the demo writes one to .rpa/secrets.yaml).';
  constructor(name: string) {
    super(`the board's session key (secret "${name}") is too short to sign cookies safely`);
  }
}

export class BoardCookies {
  constructor(
    private readonly key: string,
    readonly secure: boolean,
    /** Session cookie lifetime in seconds (the server-side session decides; this only bounds the browser's copy). */
    private readonly maxAgeSec: number,
  ) {}

  private options(maxAge: number): CookieOptions {
    return { httpOnly: true, sameSite: 'Strict', path: '/', secure: this.secure, maxAge, ...(this.secure ? { prefix: 'host' as const } : {}) };
  }

  private get prefix() {
    return this.secure ? ('host' as const) : undefined;
  }

  async sessionId(c: Context): Promise<string | undefined> {
    return (await getSignedCookie(c, this.key, SESSION_COOKIE, this.prefix)) || undefined;
  }

  setSession(c: Context, id: string): Promise<void> {
    return setSignedCookie(c, SESSION_COOKIE, id, this.key, this.options(this.maxAgeSec));
  }

  clearSession(c: Context): void {
    deleteCookie(c, SESSION_COOKIE, this.options(0));
  }

  async signInToken(c: Context): Promise<string | undefined> {
    return (await getSignedCookie(c, this.key, SIGNIN_COOKIE, this.prefix)) || undefined;
  }

  setSignInToken(c: Context, token: string): Promise<void> {
    return setSignedCookie(c, SIGNIN_COOKIE, token, this.key, this.options(30 * 60));
  }

  clearSignInToken(c: Context): void {
    deleteCookie(c, SIGNIN_COOKIE, this.options(0));
  }
}
