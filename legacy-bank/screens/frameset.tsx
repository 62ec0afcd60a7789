/**
 * After sign-on: GET /main is a frameset with a navigation frame ("nav", GET /nav) and
 * a content frame ("content", starting on the account enquiry).
 */
import { requireSession } from '../guard.js';
import { DOCTYPE_FRAMESET, sendPage } from '../render.js';
import { SYSTEM_NAME } from './layout.js';
import type { Screen } from './registry.js';

export const framesetScreen: Screen = {
  code: 'MN00',
  title: 'MAIN MENU',
  register(app, ctx) {
    app.get('/main', requireSession, (c) =>
      sendPage(
        c,
        <html>
          <head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
            <title>{SYSTEM_NAME}</title>
          </head>
          <frameset cols="190,*" frameborder="1" border={2}>
            <frame name="nav" src="/nav" scrolling="no" noresize />
            <frame name="content" src="/enquiry" />
            <noframes>
              <body>This application requires a browser that supports frames.</body>
            </noframes>
          </frameset>
        </html>,
        200,
        DOCTYPE_FRAMESET,
      ),
    );
    app.get('/nav', requireSession, (c) => {
      const menu = [...ctx.menu].sort((a, b) => a.order - b.order);
      return sendPage(
        c,
        <html>
          <head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
            <title>MENU</title>
          </head>
          <body bgcolor="#000080" text="#FFFFFF" link="#FFFF00" vlink="#FFFF00">
            <font face="Arial" size={2}>
              <b>MAIN MENU</b>
              <br />
              <font size={1}>USER: {c.var.session.username.toUpperCase()}</font>
              <hr />
              {menu.map((m) => (
                <>
                  <a href={m.href} target={m.target}>
                    {m.label}
                  </a>
                  <br />
                </>
              ))}
            </font>
          </body>
        </html>,
      );
    });
  },
};
