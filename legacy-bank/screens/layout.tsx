/** The page chrome of every screen: navy title bar, grey body, monospace text. */
import type { Child } from 'hono/jsx';
import { formatDateTime } from '../format.js';
import { BANK_NAME } from '../seed.js';

export const SYSTEM_NAME = 'CORE BANKING SYSTEM R4.2';

export function Layout(props: { title: string; code?: string; user?: string; now: Date; children?: Child }) {
  return (
    <html>
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
        <title>{props.title}</title>
      </head>
      <body bgcolor="#C0C0C0" text="#000000" link="#0000CC" vlink="#0000CC" topmargin="0" leftmargin="0">
        <table width="100%" border={0} cellspacing={0} cellpadding={3} bgcolor="#000080">
          <tr>
            <td>
              <font face="Arial" size={2} color="#FFFFFF">
                <b>
                  {BANK_NAME} - {SYSTEM_NAME}
                </b>
              </font>
            </td>
            <td align="right">
              <font face="Arial" size={1} color="#FFFFFF">
                {props.code ?? ''}
                {props.user ? ` | USER: ${props.user.toUpperCase()}` : ''} | {formatDateTime(props.now)}
              </font>
            </td>
          </tr>
        </table>
        <table width="100%" border={0} cellspacing={0} cellpadding={8}>
          <tr>
            <td>
              <font face="Courier New" size={2}>
                {props.children}
              </font>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

/** An error line in red, the way the old screens show validation errors. */
export function ErrorLine(props: { message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p>
      <font color="red">
        <b>{props.message}</b>
      </font>
    </p>
  );
}
