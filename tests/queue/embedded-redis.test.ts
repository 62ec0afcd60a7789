/**
 * The private redis-server: a password only its data directory holds, a supervisor that starts it
 * again from its append-only file on the same port after `kill -9`, and no orphan silently reused
 * after the process that started it was killed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { connectRedis } from '../../queue/connect.js';
import { processAlive, readServerRecord, startEmbeddedRedis, type EmbeddedRedis } from '../../queue/embedded-redis.js';
import { createRedis } from '../../queue/redis.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-embedded-redis-'));
const servers: EmbeddedRedis[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const lines: { level: string; msg: string }[] = [];
const log = {
  info: (_o: object, msg: string) => void lines.push({ level: 'info', msg }),
  warn: (_o: object, msg: string) => void lines.push({ level: 'warn', msg }),
  error: (_o: object, msg: string) => void lines.push({ level: 'error', msg }),
};

describe('the private redis-server', () => {
  it('asks for a password kept in the data directory (mode 600), never on its command line', async () => {
    const server = await startEmbeddedRedis({ dataDir: dir, name: 'pw', log });
    servers.push(server);
    const password = readFileSync(path.join(server.dir, 'password'), 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(path.join(server.dir, 'password')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(server.dir, 'redis.conf')).mode & 0o777).toBe(0o600);
    expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).not.toContain(password);
    // Without the password: refused (a plain socket, as any local user could open one).
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GET x\r\n'));
      socket.once('data', (d) => {
        resolve(String(d));
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(answer).toMatch(/^-NOAUTH/);
    const owner = createRedis(server.url);
    expect(await owner.ping()).toBe('PONG');
    await owner.quit();
    // The same password the next time (the append-only file's data stays reachable).
    await server.stop();
    servers.pop();
    const again = await startEmbeddedRedis({ dataDir: dir, name: 'pw' });
    servers.push(again);
    expect(again.url).toContain(encodeURIComponent(password));
  });

  it('comes back by itself after kill -9, on the same port, with what it had written, and says so', async () => {
    const server = await startEmbeddedRedis({ dataDir: dir, name: 'supervised', log });
    servers.push(server);
    const client = createRedis(server.url);
    client.on('error', () => undefined); // it reconnects; the errors meanwhile are expected
    for (let i = 0; i < 100; i++) await client.set(`k${i}`, `v${i}`);
    const first = server.pid!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => server.restarts >= 1 && server.pid !== first, 'the supervisor to start it again', 20_000);
    // The client reconnects on its own; every key written before the kill is there.
    expect(await waitFor(() => client.get('k99'), 'the data after the restart', 20_000)).toBe('v99');
    expect(await client.mget(...Array.from({ length: 100 }, (_, i) => `k${i}`))).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual(expect.arrayContaining(['error redis-server died: starting it again from its append-only file', 'info redis-server is back']));
    await client.quit();
  });

  it('after the process that started it was killed, the next command stops the orphan and starts its own, from the same files', async () => {
    const dataDir = path.join(dir, 'orphan');
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/redis-owner.ts', import.meta.url)), dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('ready'), 'the owner process', 30_000);
    const redisDir = path.join(dataDir, 'redis');
    const before = readServerRecord(redisDir)!;
    expect(before.ownerPid).toBe(child.pid);
    expect(statSync(path.join(redisDir, 'url')).mode & 0o777).toBe(0o600);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(processAlive(before.redisPid)).toBe(true); // the orphan
    const endpoint = await connectRedis(configSchema.parse({ dataDir }), log);
    try {
      expect(endpoint.origin).toBe('embedded');
      expect(processAlive(before.redisPid)).toBe(false);
      expect(readServerRecord(redisDir)).toMatchObject({ ownerPid: process.pid });
      expect(lines.some((l) => l.msg.includes('outlived the process that started it'))).toBe(true);
      const client = createRedis(endpoint.url);
      expect(await client.get('written-by-the-owner')).toBe('kept');
      await client.quit();
    } finally {
      await endpoint.stop();
    }
  });
});
