import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { processAlive, readServerRecord, redisAnswers, RedisStartFailed, startEmbeddedRedis, type RedisSupervisorLog } from './embedded-redis.js';

export interface RedisEndpoint {
  url: string;
  /** Where it came from: the config / REDIS_URL, a private server another `rpa` process started, or one started now. */
  origin: 'configured' | 'shared-embedded' | 'embedded';
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

/** Stops a private redis-server whose owner died (SIGTERM: it writes its append-only file and exits), waiting up to 10 s. */
async function stopOrphan(pid: number, log?: RedisSupervisorLog): Promise<void> {
  // Only a redis-server: the pid may have been given to another process since.
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) return;
  } catch {
    /* no /proc (not Linux): trust the record */
  }
  log?.warn({ pid }, 'the private redis-server of this data directory outlived the process that started it: stopping it, then starting one of our own from its files');
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * The Redis to use: `redis.url` (or REDIS_URL) when set. Otherwise the private redis-server
 * of the data directory: reused when another living `rpa` process runs it (its URL is in
 * `<dataDir>/redis/url`, mode 600: it holds the password), else started now (supervised, see
 * embedded-redis.ts) and stopped by `stop()`. A server left behind by a process that died is
 * stopped first, never silently reused.
 */
export async function connectRedis(config: Config, log?: RedisSupervisorLog): Promise<RedisEndpoint> {
  if (config.redis.url || config.redis.sentinel) return { url: config.redis.url ?? 'redis://', origin: 'configured', stop: async () => undefined };
  const dir = path.resolve(config.dataDir, 'redis');
  const urlFile = path.join(dir, 'url');
  const record = readServerRecord(dir);
  if (record && record.ownerPid !== process.pid && processAlive(record.ownerPid)) {
    // Another living process runs it (and restarts it if it died): share it, never start a second server on its files.
    const url = existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : '';
    for (let i = 0; url && i < 60; i++) {
      if (await redisAnswers(url)) return { url, origin: 'shared-embedded', stop: async () => undefined };
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new RedisStartFailed(`the private Redis of ${dir} is run by process ${record.ownerPid}, which is alive, but it does not answer`);
  }
  if (record && processAlive(record.redisPid)) await stopOrphan(record.redisPid, log);
  rmSync(urlFile, { force: true });
  const server = await startEmbeddedRedis({ dataDir: config.dataDir, log });
  writeFileSync(urlFile, server.url + '\n', { mode: 0o600 });
  chmodSync(urlFile, 0o600);
  return {
    url: server.url,
    origin: 'embedded',
    stop: async () => {
      rmSync(urlFile, { force: true });
      await server.stop();
    },
  };
}
