/**
 * The pages the system shows instead of a screen: maintenance, expired and terminated sessions,
 * server error, not found, logged out. Their headings are fixed texts (bots recognise them).
 */
import type { Context } from 'hono';
import { sendPage } from '../render.js';
import { Layout } from './layout.js';

export const TEXT_MAINTENANCE = 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING';
export const TEXT_EXPIRED = 'YOUR SESSION HAS EXPIRED';
export const TEXT_TERMINATED = 'SESSION TERMINATED';

export function maintenancePage(c: Context, now: Date, until?: string) {
  return sendPage(
    c,
    <Layout title="SYSTEM UNAVAILABLE" now={now}>
      <center>
        <br />
        <h2>{TEXT_MAINTENANCE}</h2>
        <p>The system is closed for end of day processing.</p>
        <p>{until ? `Please try again after ${until}.` : 'Please try again later.'}</p>
      </center>
    </Layout>,
  );
}

export function expiredPage(c: Context, now: Date) {
  return sendPage(
    c,
    <Layout title="SESSION EXPIRED" now={now}>
      <h2>{TEXT_EXPIRED}</h2>
      <p>For your security, your session has timed out or the page you submitted is no longer valid.</p>
      <p>
        Please{' '}
        <a href="/login" target="_top">
          log in
        </a>{' '}
        again.
      </p>
    </Layout>,
  );
}

export function terminatedPage(c: Context, now: Date) {
  return sendPage(
    c,
    <Layout title="SESSION TERMINATED" now={now}>
      <h2>{TEXT_TERMINATED}</h2>
      <p>Your session was ended because another login with the same user ID took place.</p>
      <p>
        <a href="/login" target="_top">
          Log in again
        </a>
      </p>
    </Layout>,
  );
}

export function serverErrorPage(c: Context) {
  return sendPage(
    c,
    <html>
      <head>
        <title>Internal Server Error</title>
      </head>
      <body>
        <h1>Internal Server Error</h1>
        <p>The server encountered an internal error and was unable to complete your request.</p>
        <hr />
        <address>CBS Application Server</address>
      </body>
    </html>,
    500,
  );
}

export function notFoundPage(c: Context) {
  return sendPage(
    c,
    <html>
      <head>
        <title>404 Not Found</title>
      </head>
      <body>
        <h1>Not Found</h1>
        <p>The requested URL was not found on this server.</p>
      </body>
    </html>,
    404,
  );
}
