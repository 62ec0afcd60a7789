/**
 * Serves the board over HTTP (or HTTPS with `board.tls`): `startBoard(services, options)` →
 * `{ url, close }`. The session key is the secret named by `board.sessionKeySecret`.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Secrets } from '../../config/secrets.js';
import type { AuditLog } from '../audit/audit-log.js';
import { createBoardApp, type BoardOptions } from './app.js';
import type { BoardServices } from './routes.js';

export interface BoardHandle {
  /** e.g. "http://127.0.0.1:4020" (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartBoardOptions extends Partial<BoardOptions> {
  /** Where the session key comes from when `sessionKey` is not given. */
  secrets?: Secrets;
  host?: string;
  /** Default `board.port`; 0 = a free port. */
  port?: number;
}

export async function startBoard(services: BoardServices & { audit: AuditLog }, options: StartBoardOptions): Promise<BoardHandle> {
  const board = services.config.board;
  const sessionKey = options.sessionKey ?? options.secrets?.get(board.sessionKeySecret);
  if (sessionKey === undefined) throw new Error('startBoard: give sessionKey or secrets');
  const app = createBoardApp(services, { ...options, sessionKey });
  const tls = board.tls;
  const server = createAdaptorServer({
    fetch: app.fetch,
    ...(tls ? { createServer: createHttpsServer, serverOptions: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } } : {}),
  });
  const host = options.host ?? board.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? board.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Live-update streams would keep the server open: end every connection.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
