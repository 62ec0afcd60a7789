/**
 * The worker's /metrics: a small HTTP server (worker.metricsPort, on worker.metricsHost) serving what
 * every process exposes and this process's item durations, behind the metrics token.
 */
import { createServer, type Server } from 'node:http';
import type { Runtime } from '../runtime.js';
import { collectMetrics } from './collect.js';
import { CONTENT_TYPE, exposition } from './exposition.js';
import type { ItemDurations } from './item-durations.js';
import { checkMetricsAccess, metricsToken } from './metrics-token.js';

export async function startMetricsServer(rt: Runtime, durations: ItemDurations, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const token = metricsToken(rt.config, rt.secrets);
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
        return;
      }
      const access = checkMetricsAccess(req.headers.authorization, token, rt.config.metrics.tokenSecret);
      if (!access.ok) {
        res.writeHead(access.status, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end(access.text);
        return;
      }
      try {
        const body = exposition([...(await collectMetrics(rt)), durations.family()]);
        res.writeHead(200, { 'content-type': CONTENT_TYPE }).end(body);
      } catch (err) {
        rt.log.error({ err }, 'metrics could not be collected');
        res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics could not be collected (is Redis up?)\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
