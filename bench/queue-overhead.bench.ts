/**
 * queue-overhead: what our worker host costs per item compared with bare BullMQ.
 *
 * value    = throughput (items/s) of a no-op `defineBot` bot run by our `Runtime` + `WorkerHost`
 *            (the production processor of queue/process-item.ts).
 * baseline = throughput (items/s) of a bare BullMQ `Worker` with a no-op processor.
 * ratio    = value / baseline; goal: ratio >= 0.7.
 *
 * Both sides, same process, same Redis, same concurrency, same run; the rounds alternate
 * (warm-up bare, warm-up host, then bare, host, bare, host, ...) and the reported figure of
 * each side is its BEST round by default (BENCH_STAT=median for the median), because these
 * machines are noisy.
 *
 * What is measured: processing only. For each round, on a fresh queue (its own prefix):
 *   1. the queue is paused, then all items are added (`addBulk`, chunks of 1000) with the job
 *      options and data shape `dispatchItem` uses ({ bot, runId, businessKey, input }, job id
 *      from `itemIdFor`, attempts/backoff from the bot config, removeOnComplete 30 days,
 *      removeOnFail false); both sides get the same jobs and options;
 *   2. host side only: `rt.items.register` for each item (1000 at a time, concurrently), so the
 *      processor's `items.setStatus` calls update existing hashes as in production;
 *   3. the workers are started and ready (the queue is still paused: they take nothing);
 *   4. clock starts, `queue.resume()` makes all items available at once;
 *   5. clock stops when the queue's completed + failed count (polled every 10 ms with one
 *      getJobCounts call, on both sides alike) reaches the item count.
 * Not measured: adding, registering, starting and closing workers, and cleanup. The
 * `dispatchItem` path (its items.get + add + register per item) is not measured at all.
 * Each queue is checked to be drained (nothing waiting/active/delayed/failed, every job
 * completed; host side: every item hash at status "done"), then obliterated (and our
 * own keys under `<prefix>:_` deleted) before the next round.
 *
 * Both sides use one shared ioredis connection for commands (plus BullMQ's own blocking
 * connection per worker), as the Runtime does. Worker options are the host's (lockDuration,
 * stalledInterval from config defaults, maxStalledCount 2). The host's logger level is
 * BENCH_LOG_LEVEL (default "warn": the per-item info lines are not written, but the
 * per-item child logger is still created, as in production at that level).
 *
 * Extras per round: node CPU and redis-server CPU per item (process.cpuUsage and INFO cpu)
 * and Redis commands per item (INFO stats total_commands_processed, which counts the commands
 * inside BullMQ's Lua scripts too; includes the 10 ms polling),
 * which show where the per-item overhead goes.
 *
 * Environment: BENCH_ITEMS (20000), BENCH_CONCURRENCY (50), BENCH_ROUNDS (5 per side),
 * BENCH_WARMUP (2000 items per side, 0 for none), BENCH_STAT (best|median),
 * BENCH_LOG_LEVEL (warn), REDIS_URL (use that Redis instead of a private one),
 * BENCH_CPUPROF=<path prefix> (V8 CPU profile of each measured window).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { botConfig, configSchema, type Config } from '../config/schema.js';
import { Secrets } from '../config/secrets.js';
import { defineBot } from '../bots/kit/define-bot.js';
import { createLogger } from '../logging/logger.js';
import type { ItemData } from '../queue/item-data.js';
import { itemIdFor } from '../queue/item-index.js';
import { ownKeys, queueName } from '../queue/keys.js';
import { createRedis, type Redis } from '../queue/redis.js';
import { Runtime } from '../queue/runtime.js';
import { WorkerHost } from '../queue/worker-host.js';
import { benchRedis, envInt, machineInfo, median, round, sleep, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'queue-overhead';
export const BOT = 'noop';
const CHUNK = 1000;
const GOAL = 0.7;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export const noopBot = defineBot({
  name: BOT,
  input: z.object({ n: z.number().int() }),
  key: (i) => `BK-${i.n}`,
  run: async () => null,
});

export interface Params {
  items: number;
  concurrency: number;
  rounds: number;
  warmup: number;
  stat: 'best' | 'median';
  logLevel: LogLevel;
}

export function params(): Params {
  const warmupRaw = process.env.BENCH_WARMUP;
  const logLevel = (process.env.BENCH_LOG_LEVEL || 'warn') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const items = envInt('BENCH_ITEMS', 20_000);
  return {
    items,
    concurrency: envInt('BENCH_CONCURRENCY', 50),
    rounds: envInt('BENCH_ROUNDS', 5),
    warmup: warmupRaw === '0' ? 0 : envInt('BENCH_WARMUP', Math.min(2_000, items)),
    stat: process.env.BENCH_STAT === 'median' ? 'median' : 'best',
    logLevel,
  };
}

export interface RoundResult {
  side: 'bare' | 'host';
  warmup: boolean;
  items: number;
  ms: number;
  itemsPerSec: number;
  nodeCpuUsPerItem: number;
  redisCpuUsPerItem: number;
  redisCmdsPerItem: number;
  /** Background saves/AOF rewrites started during the round (each takes a CPU away). */
  redisForks: number;
  setupMs: number;
}

/** The jobs both sides get: dispatchItem's data shape, job id and options. */
export function jobsFor(config: Config, n: number, runId: string): { name: string; data: ItemData; opts: JobsOptions }[] {
  const cfg = botConfig(config, BOT);
  const opts: JobsOptions = {
    attempts: cfg.attempts,
    backoff: { type: 'exponential', delay: cfg.backoffMs, jitter: cfg.backoffJitter },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: false,
  };
  return Array.from({ length: n }, (_, i) => {
    const input = { n: i };
    const businessKey = noopBot.key(input);
    return { name: BOT, data: { bot: BOT, runId, businessKey, input }, opts: { ...opts, jobId: itemIdFor(BOT, businessKey) } };
  });
}

export function benchConfig(p: Params, dataDir: string, prefix: string): Config {
  return configSchema.parse({
    dataDir,
    redis: { prefix },
    log: { level: p.logLevel, pretty: 'never' },
    bots: { [BOT]: { concurrency: p.concurrency } },
  });
}

async function redisCounters(redis: Redis): Promise<{ cpuUs: number; cmds: number; forks: number }> {
  const info = await redis.info();
  const num = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return { cpuUs: (num('used_cpu_user') + num('used_cpu_sys')) * 1e6, cmds: num('total_commands_processed'), forks: num('total_forks') };
}

/** Adds the jobs to a paused queue, in chunks. */
export async function addPaused(queue: Queue, jobs: ReturnType<typeof jobsFor>): Promise<void> {
  await queue.pause();
  for (let i = 0; i < jobs.length; i += CHUNK) await queue.addBulk(jobs.slice(i, i + CHUNK));
}

/** Resumes the queue and waits until every job completed or failed: the measured part. */
export async function timedDrain(queue: Queue, redis: Redis, n: number): Promise<Omit<RoundResult, 'side' | 'warmup' | 'items' | 'setupMs'>> {
  const deadline = Date.now() + Math.max(120_000, n * 20);
  const profiler = process.env.BENCH_CPUPROF ? await startCpuProfile() : undefined;
  const r0 = await redisCounters(redis);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await queue.resume();
  for (;;) {
    const c = await queue.getJobCounts('completed', 'failed');
    if ((c.completed ?? 0) + (c.failed ?? 0) >= n) break;
    if (Date.now() > deadline) throw new Error(`queue ${queue.name} not drained in time: ${JSON.stringify(c)} of ${n}`);
    await sleep(10);
  }
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const r1 = await redisCounters(redis);
  await profiler?.(`${process.env.BENCH_CPUPROF}-${queue.opts.prefix ?? 'bull'}.cpuprofile`);
  return {
    ms: round(ms, 1),
    itemsPerSec: round((n / ms) * 1000),
    nodeCpuUsPerItem: round((c1.user + c1.system) / n, 1),
    redisCpuUsPerItem: round((r1.cpuUs - r0.cpuUs) / n, 1),
    redisCmdsPerItem: round((r1.cmds - r0.cmds) / n, 2),
    redisForks: r1.forks - r0.forks,
  };
}

/**
 * BENCH_CPUPROF=<path prefix>: a V8 CPU profile of the measured part of each round only
 * (open it in Chrome DevTools). Returns the function that stops and writes it.
 */
async function startCpuProfile(): Promise<(file: string) => Promise<void>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.error(`cpu profile: ${file}`);
  };
}

/** Every job completed and nothing else left in the queue. */
export async function checkDrained(queue: Queue, n: number): Promise<void> {
  const c = await queue.getJobCounts('wait', 'paused', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed');
  const leftover = Object.entries(c).filter(([k, v]) => k !== 'completed' && v);
  if (leftover.length || c.completed !== n) throw new Error(`queue ${queue.name} not drained cleanly: ${JSON.stringify(c)} (expected ${n} completed)`);
}

/**
 * Private Redis only: rewrite the AOF now, between rounds, and wait for it, so that an
 * automatic rewrite (a fork that takes a CPU) does not start in the middle of a round.
 * A round that still saw one has forks > 0 in the table.
 */
export async function settleRedis(url: string): Promise<void> {
  const redis = createRedis(url);
  try {
    await redis.bgrewriteaof().catch(() => undefined);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const info = await redis.info('persistence');
      if (/^aof_rewrite_in_progress:0/m.test(info) && /^aof_rewrite_scheduled:0/m.test(info)) break;
      if (Date.now() > deadline) break;
      await sleep(20);
    }
  } finally {
    redis.disconnect();
  }
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function bareRound(p: Params, url: string, dataDir: string, n: number, warmup: boolean): Promise<RoundResult> {
  const tSetup = performance.now();
  const prefix = `bench-${randomUUID().slice(0, 8)}-bare`;
  const config = benchConfig(p, dataDir, prefix);
  const redis = createRedis(url);
  const queue = new Queue(queueName(BOT), { connection: redis, prefix });
  let worker: Worker | undefined;
  try {
    await addPaused(queue, jobsFor(config, n, `bench-bare`));
    worker = new Worker(queueName(BOT), async () => null, {
      connection: redis,
      prefix,
      concurrency: p.concurrency,
      lockDuration: config.worker.lockDurationMs,
      stalledInterval: config.worker.stalledIntervalMs,
      maxStalledCount: 2,
      autorun: true,
    });
    worker.on('error', (err) => console.error('bare worker error:', err));
    await worker.waitUntilReady();
    const setupMs = round(performance.now() - tSetup);
    const m = await timedDrain(queue, redis, n);
    await worker.close();
    worker = undefined;
    await checkDrained(queue, n);
    return { side: 'bare', warmup, items: n, setupMs, ...m };
  } finally {
    await worker?.close(true);
    await queue.obliterate({ force: true }).catch((e: unknown) => console.error('obliterate failed:', e));
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function hostRound(p: Params, url: string, dataDir: string, n: number, warmup: boolean): Promise<RoundResult> {
  const tSetup = performance.now();
  const prefix = `bench-${randomUUID().slice(0, 8)}-host`;
  const config = benchConfig(p, dataDir, prefix);
  const log = createLogger({ level: p.logLevel, pretty: 'never', name: 'bench' });
  const rt = new Runtime(config, Secrets.load(undefined, {}), url, log, new Map([[noopBot.name, noopBot]]), new Map());
  const queue = rt.queue(BOT);
  let host: WorkerHost | undefined;
  try {
    const runId = `bench-host`;
    const jobs = jobsFor(config, n, runId);
    await addPaused(queue, jobs);
    for (let i = 0; i < jobs.length; i += CHUNK) {
      await Promise.all(
        jobs.slice(i, i + CHUNK).map((j) => rt.items.register({ itemId: j.opts.jobId!, bot: BOT, businessKey: j.data.businessKey, runId })),
      );
    }
    host = new WorkerHost(rt, [BOT]);
    await host.start();
    const setupMs = round(performance.now() - tSetup);
    const m = await timedDrain(queue, rt.redis, n);
    await host.shutdown(5_000);
    host = undefined;
    await checkDrained(queue, n);
    // Every item hash must say done, as after a production run.
    let done = 0;
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const pipe = rt.redis.pipeline();
      for (const j of jobs.slice(i, i + CHUNK)) pipe.hget(`${ownKeys(prefix)}:item:${j.opts.jobId!}`, 'status');
      done += ((await pipe.exec()) ?? []).filter(([, v]) => v === 'done').length;
    }
    if (done !== n) throw new Error(`only ${done} of ${n} item hashes have status "done"`);
    return { side: 'host', warmup, items: n, setupMs, ...m };
  } finally {
    await host?.shutdown(1_000);
    await queue.obliterate({ force: true }).catch((e: unknown) => console.error('obliterate failed:', e));
    await deleteKeys(rt.redis, `${ownKeys(prefix)}:*`);
    await rt.close();
  }
}

function roundRow(r: RoundResult, label: string): (string | number)[] {
  return [label, r.side === 'bare' ? 'bare BullMQ' : 'worker host', r.items, round(r.ms), r.itemsPerSec, r.nodeCpuUsPerItem, r.redisCpuUsPerItem, r.redisCmdsPerItem, r.redisForks];
}

export const benchmark: Benchmark = {
  name: NAME,
  description: 'no-op items through our WorkerHost vs a bare BullMQ Worker (processing throughput, items/s)',
  async run(): Promise<BenchResult> {
    const p = params();
    const redis = await benchRedis(NAME);
    console.log(
      `items ${p.items}, concurrency ${p.concurrency}, ${p.rounds} rounds per side (alternating, bare first), warm-up ${p.warmup} items per side, ` +
        `host log level "${p.logLevel}", Redis: ${redis.source}, reported: ${p.stat} round of each side`,
    );
    const rounds: RoundResult[] = [];
    const header = ['round', 'side', 'items', 'ms', 'items/s', 'node µs/item', 'redis µs/item', 'redis cmds/item', 'forks'];
    try {
      const show = (r: RoundResult, label: string) => console.log(table(header, [roundRow(r, label)], 11).split('\n').slice(2).join('\n'));
      console.log(table(header, [], 11));
      if (p.warmup) {
        show(await bareRound(p, redis.url, redis.dataDir, p.warmup, true), 'warm-up');
        show(await hostRound(p, redis.url, redis.dataDir, p.warmup, true), 'warm-up');
      }
      for (let i = 1; i <= p.rounds; i++) {
        for (const side of ['bare', 'host'] as const) {
          if (redis.source === 'embedded') await settleRedis(redis.url);
          await sleep(200);
          const r = side === 'bare' ? await bareRound(p, redis.url, redis.dataDir, p.items, false) : await hostRound(p, redis.url, redis.dataDir, p.items, false);
          rounds.push(r);
          show(r, String(i));
        }
      }
    } finally {
      await redis.stop();
    }

    const pick = (side: 'bare' | 'host') => {
      const rs = rounds.filter((r) => r.side === side);
      const tput = rs.map((r) => r.itemsPerSec);
      return { best: Math.max(...tput), median: median(tput), all: tput, medianOf: (k: keyof RoundResult) => median(rs.map((r) => Number(r[k]))) };
    };
    const bare = pick('bare');
    const host = pick('host');
    const value = host[p.stat];
    const baseline = bare[p.stat];
    const ratio = value / baseline;
    const met = ratio >= GOAL;

    console.log(`\n${p.stat} of ${p.rounds} rounds per side (host logger at "${p.logLevel}"):`);
    console.log(
      table(
        ['side', `${p.stat} items/s`, 'median items/s', 'all rounds', 'node µs/item (median)', 'redis µs/item (median)', 'redis cmds/item (median)'],
        [
          ['bare BullMQ (baseline)', round(baseline), round(bare.median), bare.all.join(' / '), bare.medianOf('nodeCpuUsPerItem'), bare.medianOf('redisCpuUsPerItem'), bare.medianOf('redisCmdsPerItem')],
          ['worker host (value)', round(value), round(host.median), host.all.join(' / '), host.medianOf('nodeCpuUsPerItem'), host.medianOf('redisCpuUsPerItem'), host.medianOf('redisCmdsPerItem')],
        ],
      ),
    );
    console.log(
      `ratio ${ratio.toFixed(3)} (goal >= ${GOAL}): ${met ? 'met' : 'MISSED'}; ` +
        `wall time per item: bare ${round(1e6 / baseline, 1)} µs, host ${round(1e6 / value, 1)} µs (+${round(1e6 / value - 1e6 / baseline, 1)} µs); ` +
        `node CPU per item (medians): bare ${bare.medianOf('nodeCpuUsPerItem')} µs, host ${host.medianOf('nodeCpuUsPerItem')} µs (CPU ratio ${round(bare.medianOf('nodeCpuUsPerItem') / host.medianOf('nodeCpuUsPerItem'), 3)})`,
    );

    return {
      name: NAME,
      unit: 'items/s',
      value: round(value),
      baseline: round(baseline),
      ratio: round(ratio, 3),
      goal: { ratioAtLeast: GOAL, text: `ratio >= ${GOAL}`, met },
      stat: p.stat,
      items: p.items,
      concurrency: p.concurrency,
      roundsPerSide: p.rounds,
      warmupItems: p.warmup,
      hostLogLevel: p.logLevel,
      redis: redis.source,
      /** Less noise-sensitive than wall time: bare node CPU per item / host node CPU per item (medians). */
      nodeCpuRatio: round(bare.medianOf('nodeCpuUsPerItem') / host.medianOf('nodeCpuUsPerItem'), 3),
      measured: 'time from queue.resume() (all items added beforehand to the paused queue, workers ready) until completed+failed = items (polled every 10 ms)',
      perSide: {
        bare: { best: bare.best, median: bare.median, rounds: bare.all, nodeCpuUsPerItem: bare.medianOf('nodeCpuUsPerItem'), redisCpuUsPerItem: bare.medianOf('redisCpuUsPerItem'), redisCmdsPerItem: bare.medianOf('redisCmdsPerItem') },
        host: { best: host.best, median: host.median, rounds: host.all, nodeCpuUsPerItem: host.medianOf('nodeCpuUsPerItem'), redisCpuUsPerItem: host.medianOf('redisCpuUsPerItem'), redisCmdsPerItem: host.medianOf('redisCmdsPerItem') },
      },
      rounds,
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
