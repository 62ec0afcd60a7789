import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

/** redis-server is not installed. */
export class RedisServerMissing extends Error {
  readonly whatNext = 'Install Debian\'s redis-server package (apt-get install redis-server), or set REDIS_URL to a running Redis.';
  constructor() {
    super('redis-server was not found on PATH');
    this.name = 'RedisServerMissing';
  }
}

export class RedisStartFailed extends Error {
  readonly whatNext = 'Read the Redis log named in the message; check that the data directory is writable.';
  constructor(message: string) {
    super(message);
    this.name = 'RedisStartFailed';
  }
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new RedisStartFailed(`redis-server exited with code ${child.exitCode}; see ${logFile}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      /* not up yet */
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new RedisStartFailed(`redis-server did not answer within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Starts a private redis-server on a free loopback port: AOF on, maxmemory-policy
 * noeviction (BullMQ must never lose keys), files in `<dataDir>/<name>`. Stopped by stop()
 * or when this process exits.
 */
export async function startEmbeddedRedis(options: { dataDir: string; name?: string; port?: number }): Promise<EmbeddedRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new RedisServerMissing();
  const port = options.port ?? (await freePort());
  const dir = path.resolve(options.dataDir, options.name ?? 'redis');
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  const child = spawn(
    'redis-server',
    [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
      '--save', '', '--logfile', logFile, '--daemonize', 'no',
    ],
    { stdio: 'ignore' },
  );
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, logFile, 10_000);
  } catch (err) {
    kill();
    throw err;
  }
  return {
    url,
    port,
    dir,
    stop: async () => {
      process.off('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
