/**
 * Proof: the accelerated night (night-scenario.ts) on the project's own supervised Redis, which is
 * SIGKILLed in the middle of the night and comes back by itself from its append-only file on the same
 * port (every worker reconnects).
 */
import { startEmbeddedRedis } from '../../queue/embedded-redis.js';
import { expect } from 'vitest';
import { nightSoak } from './night-scenario.js';

nightSoak('supervised, SIGKILLed and restarted from its AOF', async (dir) => {
  const lines: string[] = [];
  const redis = await startEmbeddedRedis({ dataDir: dir, name: 'night-redis', log: { info: (_o, msg) => void lines.push(msg), warn: (_o, msg) => void lines.push(msg), error: (_o, msg) => void lines.push(msg) } });
  return {
    url: redis.url,
    async kill() {
      const pid = redis.pid!;
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 300 && !(redis.restarts >= 1 && redis.pid !== pid); i++) await new Promise((r) => setTimeout(r, 100));
      return `redis SIGKILLed (pid ${pid}), back as pid ${redis.pid}`;
    },
    verify() {
      expect(lines.filter((l) => l === 'redis-server is back')).toHaveLength(1);
    },
    stop: () => redis.stop(),
  };
});
