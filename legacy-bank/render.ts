/** Sends a rendered page with a doctype; the JSX escapes all data. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const DOCTYPE_TRANSITIONAL = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">';
export const DOCTYPE_FRAMESET = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN" "http://www.w3.org/TR/html4/frameset.dtd">';

type Rendered = string | Promise<string>;

export async function sendPage(
  c: Context,
  page: unknown,
  status: ContentfulStatusCode = 200,
  doctype: string = DOCTYPE_TRANSITIONAL,
): Promise<Response> {
  const body = String(await (page as Rendered));
  return c.html(`${doctype}\n${body}`, status);
}
