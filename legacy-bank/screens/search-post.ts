import type { Context } from 'hono';
import type { BankEnv } from '../app-env.js';
import { field, useStateToken } from '../guard.js';
import { STATE_TOKEN_FIELD } from '../state-token.js';
import { expiredPage } from './system-pages.js';

/**
 * The POST of a one-field search screen: the state token must be this screen's and unused
 * (else the "session expired" page), then the field's trimmed text.
 */
export async function readSearchPost(
  c: Context<BankEnv>,
  screen: string,
  fieldName: string,
): Promise<{ value: string; expired?: undefined } | { expired: Response | Promise<Response> }> {
  const body = await c.req.parseBody();
  if (!useStateToken(c, field(body, STATE_TOKEN_FIELD), screen)) return { expired: expiredPage(c, c.var.bank.now()) };
  return { value: field(body, fieldName).trim() };
}
