import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis } from '../queue/embedded-redis.js';
import { startLegacyBank } from '../legacy-bank/server.js';

/** A private redis-server and the simulator, shared by the whole run; each test file uses its own key prefix. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rpa-test-'));
  const redis = process.env.REDIS_URL ? undefined : await startEmbeddedRedis({ dataDir });
  const users = ['bot1', 'bot2', 'bot3', 'bot4'].map((username) => ({ username, password: randomBytes(12).toString('base64url') }));
  const bank = await startLegacyBank({ port: 0, users, inspection: true, idleTimeoutSec: 600 });
  project.provide('redisUrl', process.env.REDIS_URL ?? redis!.url);
  project.provide('bankUrl', bank.url);
  project.provide('bankUsers', users);
  project.provide('dataDir', dataDir);
  return async () => {
    await bank.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    bankUrl: string;
    bankUsers: { username: string; password: string }[];
    dataDir: string;
  }
}
