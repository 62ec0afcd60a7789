/**
 * The legacy-bank simulator: a stand-in for a bank's legacy core system (see README.md here).
 * `startLegacyBank(options)` serves it on host:port (port 0 = a free port);
 * `createLegacyBankApp(options)` gives the Hono app alone.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { BankApp, BankEnv } from './app-env.js';
import { sleep } from './faults.js';
import { registerHost } from './host/routes.js';
import { registerInspection } from './inspection.js';
import { maintenanceStatus } from './maintenance.js';
import { parseLegacyBankOptions, type LegacyBankOptionsInput } from './options.js';
import { SCREENS } from './screens/index.js';
import type { MenuEntry } from './screens/registry.js';
import { maintenancePage, notFoundPage, serverErrorPage } from './screens/system-pages.js';
import { BankState } from './state.js';

export { BankState } from './state.js';
export type { LiveSettings } from './state.js';

export interface LegacyBankHandle {
  /** e.g. "http://127.0.0.1:40123" (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** The live in-memory bank: accounts, sessions, and `settings` that may be changed while running. */
  state: BankState;
}

export function createBankState(options: LegacyBankOptionsInput = {}): BankState {
  return new BankState(parseLegacyBankOptions(options));
}

/** The Hono app of the simulator (over a new state from options, or over a given state). */
export function createLegacyBankApp(options: LegacyBankOptionsInput | BankState = {}): BankApp {
  const state = options instanceof BankState ? options : createBankState(options);
  const app = new Hono<BankEnv>();

  app.use('*', async (c, next) => {
    c.set('bank', state);
    await next();
  });

  // test oracle first: not subject to faults or maintenance
  registerInspection(app, state.options.inspection);

  // the green-screen host: its own screens for faults and maintenance (host/routes.ts)
  registerHost(app);

  // the look of an old server, and never cached
  app.use('*', async (c, next) => {
    await next();
    c.header('Server', 'CBS-AppServer/4.2');
    c.header('Cache-Control', 'no-store');
  });

  // fault injection: latency, slow responses, HTTP 500 (decided before the request has any effect)
  app.use('*', async (c, next) => {
    const decision = state.faults.decide(state.settings.faults);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.error) {
      state.logger.info({ method: c.req.method, path: c.req.path }, 'legacy-bank: injected HTTP 500');
      return serverErrorPage(c);
    }
    await next();
  });

  // end-of-day processing: every page says so, with HTTP 200
  app.use('*', async (c, next) => {
    const status = maintenanceStatus(state.settings.maintenance, state.now());
    if (status.active) return maintenancePage(c, state.now(), status.until);
    await next();
  });

  const menu: MenuEntry[] = SCREENS.flatMap((s) => (s.menu ? [s.menu] : []));
  for (const screen of SCREENS) screen.register(app, { menu });

  app.notFound((c) => notFoundPage(c));
  app.onError((err, c) => {
    state.logger.error({ err: { message: err.message, stack: err.stack }, path: c.req.path }, 'legacy-bank: unhandled error');
    return serverErrorPage(c);
  });
  return app;
}

export async function startLegacyBank(options: LegacyBankOptionsInput = {}): Promise<LegacyBankHandle> {
  const state = createBankState(options);
  const app = createLegacyBankApp(state);
  const { port, host } = state.options;
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${address.port}`;
  state.logger.info(
    { url, seed: state.options.seed, accounts: state.accounts.length, users: state.options.users.map((u) => u.username) },
    'legacy-bank: listening',
  );
  let closed: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    state,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') {
          server.closeAllConnections();
        }
      });
      return closed;
    },
  };
}
