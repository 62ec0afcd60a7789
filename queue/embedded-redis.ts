/**
 * The private redis-server the project runs when `REDIS_URL` is unset (the demo, the CLI, the
 * tests): on a loopback port, AOF on (fsync every second), `maxmemory-policy noeviction`, files in
 * `<dataDir>/<name>`, a random password kept in `<dir>/password` (mode 600) and handed to the
 * server in a mode-600 config file (never on its command line, which other users can read).
 *
 * Supervised: when the server dies (a crash, an OOM kill, `kill -9`), it is started again on the
 * same port from its append-only file, after 0.2 s, then 0.4 s, 0.8 s… (at most 10 s; back to 0.2 s
 * once it has stayed up a minute), and each restart is logged. Clients reconnect by themselves.
 * Its pid and its owner's pid are in `<dir>/server.json`: a later process that finds a server whose
 * owner died (a CLI or worker killed with -9) stops it and starts its own (see connect.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { registerSecretValues } from '../logging/redact.js';
import { RpaError } from '../banking/index.js';

/** redis-server is not installed. */
export class RedisServerMissing extends RpaError {
  readonly whatNext = 'Install Debian\'s redis-server package (apt-get install redis-server), or set REDIS_URL to a running Redis.';
  constructor() {
    super('redis-server was not found on PATH');
  }
}

export class RedisStartFailed extends RpaError {
  readonly whatNext = 'Read the Redis log named in the message; check that the data directory is writable.';
  constructor(message: string) {
    super(message);
  }
}

/** What the supervisor says about the server (the CLI passes its logger). */
export interface RedisSupervisorLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  dir: string;
  /** The server's process id now (it changes when the supervisor restarts it). */
  readonly pid: number | undefined;
  /** How many times the supervisor has started it again. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/** Where the owner and the server are recorded, for finding a server whose owner died. */
export interface ServerRecord {
  ownerPid: number;
  redisPid: number;
  port: number;
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

/** One PING with a throw-away connection: does a Redis answer at `url` now? */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false; // not up (yet), or still loading its append-only file
  } finally {
    probe.disconnect();
  }
}

async function waitForPing(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new RedisStartFailed(`redis-server exited with code ${child.exitCode ?? child.signalCode}; see ${logFile}`);
    if (await redisAnswers(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new RedisStartFailed(`redis-server did not answer within ${timeoutMs} ms; see ${logFile}`);
}

/** The data directory's Redis password: made (random, mode 600) the first time. */
export function redisPassword(dir: string): string {
  const file = path.join(dir, 'password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export function readServerRecord(dir: string): ServerRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')) as ServerRecord;
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const RESTART_FIRST_MS = 200;
const RESTART_MAX_MS = 10_000;
const STABLE_AFTER_MS = 60_000;

/**
 * Starts the private redis-server and supervises it until stop() or until this process exits
 * (see the file's comment).
 */
export async function startEmbeddedRedis(options: { dataDir: string; name?: string; port?: number; log?: RedisSupervisorLog }): Promise<EmbeddedRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new RedisServerMissing();
  const port = options.port ?? (await freePort());
  const dir = path.resolve(options.dataDir, options.name ?? 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logFile = path.join(dir, 'redis.log');
  const password = redisPassword(dir);
  registerSecretValues([password]);
  const confFile = path.join(dir, 'redis.conf');
  writeFileSync(confFile, `requirepass ${password}\n`, { mode: 0o600 });
  chmodSync(confFile, 0o600);
  const args = [
    confFile,
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
    '--save', '', '--logfile', logFile, '--daemonize', 'no',
  ];
  const url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const log = options.log;

  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;
  let delay = RESTART_FIRST_MS;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const record = () => writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ ownerPid: process.pid, redisPid: child.pid ?? 0, port } satisfies ServerRecord) + '\n');

  const launch = () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > STABLE_AFTER_MS) delay = RESTART_FIRST_MS;
      log?.error({ code, signal, port, restartInMs: delay, logFile }, 'redis-server died: starting it again from its append-only file');
      timer = setTimeout(() => {
        timer = undefined;
        if (stopping) return;
        restarts++;
        launch();
        waitForPing(url, child, logFile, 60_000).then(
          () => log?.info({ port, restarts }, 'redis-server is back'),
          (err: Error) => log?.error({ err, port }, 'redis-server did not come back; trying again'),
        );
      }, delay);
      delay = Math.min(RESTART_MAX_MS, delay * 2);
    });
    record();
  };

  launch();
  const kill = () => {
    stopping = true;
    child.kill('SIGTERM');
  };
  process.once('exit', kill);
  try {
    await waitForPing(url, child!, logFile, 10_000);
  } catch (err) {
    kill();
    throw err;
  }
  return {
    url,
    port,
    dir,
    get pid() {
      return child.pid;
    },
    get restarts() {
      return restarts;
    },
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      process.off('exit', kill);
      rmSync(path.join(dir, 'server.json'), { force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
