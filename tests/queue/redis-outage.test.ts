/**
 * A worker process while its Redis is down: one log line when it goes ("redis down"), one when it
 * comes back, not one per failed reconnect of every connection; and SIGTERM ends it within
 * `worker.shutdownGraceMs` even while Redis is still down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../queue/embedded-redis.js';
import { testConfig, testSecretsEnv } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/payment-worker.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-redis-outage-'));
const GRACE_MS = 3_000;
const servers: EmbeddedRedis[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(redisUrl: string) {
  const config = testConfig({ log: { level: 'info' }, worker: { shutdownGraceMs: GRACE_MS } });
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...testSecretsEnv(), REDIS_URL: redisUrl, RPA_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.once('exit', (code) => r({ code, at: Date.now() })));
  const records = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
  return { child, exited, ready: () => stdout.includes('ready'), records };
}

describe('a worker while Redis is down', () => {
  it('says so once, says when it is back, and exits on SIGTERM within the grace period even while Redis is down', { timeout: 90_000 }, async () => {
    const server = await startEmbeddedRedis({ dataDir: dir, name: 'outage' });
    servers.push(server);
    const worker = startWorker(server.url);
    await waitFor(worker.ready, 'the worker to start', 60_000);

    // Down for 4 s: every connection of the worker (runtime, queues, one worker per bot) fails to reconnect many times.
    await server.stop();
    await sleep(4_000);
    const down = worker.records();
    expect(down.filter((r) => r.msg.startsWith('redis down')).length).toBe(1);
    expect(down.filter((r) => r.level >= 40).length).toBeLessThanOrEqual(2);

    // Back on the same port, from its files: one line.
    const again = await startEmbeddedRedis({ dataDir: dir, name: 'outage', port: server.port });
    servers.push(again);
    await waitFor(() => worker.records().some((r) => r.msg.startsWith('redis back')), 'the worker to say Redis is back', 20_000);
    expect(worker.records().filter((r) => r.msg.startsWith('redis back')).length).toBe(1);

    // Down again, then SIGTERM: out within the grace period.
    await again.stop();
    await waitFor(() => worker.records().filter((r) => r.msg.startsWith('redis down')).length === 2, 'the second outage', 20_000);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    const { at } = await worker.exited;
    expect(at - signalled).toBeLessThanOrEqual(GRACE_MS + 1_000);
  });
});
