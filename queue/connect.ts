import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import { startEmbeddedRedis } from './embedded-redis.js';

export interface RedisEndpoint {
  url: string;
  /** Where it came from: the config / REDIS_URL, a private server another `rpa` process started, or one started now. */
  origin: 'configured' | 'shared-embedded' | 'embedded';
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * The Redis to use: `redis.url` (or REDIS_URL) when set. Otherwise the private redis-server
 * of the data directory: reused when another `rpa` process already runs it (its URL is in
 * `<dataDir>/redis/url`), else started now and stopped by `stop()`.
 */
export async function connectRedis(config: Config): Promise<RedisEndpoint> {
  if (config.redis.url) return { url: config.redis.url, origin: 'configured', stop: async () => undefined };
  const urlFile = path.resolve(config.dataDir, 'redis', 'url');
  if (existsSync(urlFile)) {
    const url = readFileSync(urlFile, 'utf8').trim();
    if (await answers(url)) return { url, origin: 'shared-embedded', stop: async () => undefined };
  }
  const server = await startEmbeddedRedis({ dataDir: config.dataDir });
  writeFileSync(urlFile, server.url + '\n');
  return {
    url: server.url,
    origin: 'embedded',
    stop: async () => {
      rmSync(urlFile, { force: true });
      await server.stop();
    },
  };
}
