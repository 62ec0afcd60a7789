/**
 * dispatch: a payment file of 200,000 rows (BENCH_DISPATCH_ROWS) becomes a run.
 *
 * value    = items a second of `dispatchPaymentFile` (our whole path: the file read twice, row by
 *            row, checked, planned, and dispatched in batches behind the run gate, with the item
 *            index), in a child process of its own, whose peak RSS is printed (VmHWM).
 * baseline = items a second of BullMQ's own `Queue.addBulk` of the same jobs (the same job data and
 *            ids, in batches of 1,000 too), already built in memory: no file, no checks, no index.
 *            Same Redis, same run.
 * ratio    = value / baseline. Goal (issue 11): ratio >= 0.5; the file becomes a run in under a
 *            minute; peak RSS under 300 MB.
 * The file is CSV (BENCH_DISPATCH_FORMAT=xlsx for a workbook), every row a valid payment.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { paymentBatch } from '../bots/payment-batch/index.js';
import { paymentEntry } from '../bots/payment-entry/index.js';
import { writeSamplePaymentFile } from '../cli/sample-payment-file.js';
import { configSchema } from '../config/schema.js';
import { Secrets } from '../config/secrets.js';
import { createLogger } from '../logging/logger.js';
import { planPaymentFile } from '../bots/payment-batch/index.js';
import { itemJobOptions } from '../queue/dispatch.js';
import { itemIdFor } from '../queue/item-index.js';
import { createRedis } from '../queue/redis.js';
import { Runtime } from '../queue/runtime.js';
import { benchDir, benchRedis, envInt, machineInfo, round, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'dispatch';
const GOAL_RATIO = 0.5;
const GOAL_SECONDS = 60;
const GOAL_RSS_MB = 300;

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? undefined : new Promise<void>((r) => out.once("drain", () => r())));
  await write('Reference;Debit account;Beneficiary;IBAN;BIC;Amount;Currency;Execution date;Remittance\n');
  const ibans = ['DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'GB29NWBK60161331926819'];
  for (let i = 0; i < rows; i++) {
    await write(`SAL-2026-12-${String(i).padStart(7, '0')};DE02120300000000202051;Employee ${i} Mustermann;${ibans[i % 4]};;${(1000 + (i % 5000)) / 1},${String(i % 100).padStart(2, '0')};EUR;07.01.2030;Salary December 2026 staff ${i}\n`);
  }
  await new Promise((r) => out.end(r));
}

function child(file: string, url: string, prefix: string, dataDir: string): Promise<{ items: number; ms: number; cpuMs: number; peakRssMB: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'dispatch-child.ts'), file, url, prefix, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`dispatch child exited ${code}: ${out}`))));
  });
}

const benchmark: Benchmark = {
  name: NAME,
  description: 'a 200,000-row payment file becomes a run: items/s against BullMQ addBulk of the same jobs, and peak RSS',
  async run(): Promise<BenchResult> {
    const rows = envInt('BENCH_DISPATCH_ROWS', 200_000);
    const format = process.env.BENCH_DISPATCH_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
    const redis = await benchRedis(NAME);
    try {
      const file = path.join(redis.dataDir, `payments-${rows}.${format}`);
      let t = performance.now();
      if (format === 'csv') await writeCsv(file, rows);
      else await writeSamplePaymentFile(file, { count: rows, debitAccount: 'DE02120300000000202051', executionDate: '2030-01-07', prefix: 'SAL' });
      console.log(`${rows} rows written as ${format} in ${round(performance.now() - t)} ms`);

      // Ours, in a child process (its own peak RSS).
      const ours = await child(file, redis.url, 'ours', redis.dataDir);

      // Baseline: the same jobs, built in memory first (not timed), added by BullMQ alone.
      const config = configSchema.parse({ dataDir: redis.dataDir, redis: { prefix: 'base' }, log: { level: 'warn' } });
      const rt = new Runtime(config, Secrets.load(undefined, {}), redis.url, createLogger({ level: 'warn', pretty: 'never' }), new Map([paymentEntry, paymentBatch].map((b) => [b.name, b])), new Map());
      const plan = await planPaymentFile(file, config);
      const jobs: { name: string; data: unknown; opts: ReturnType<typeof itemJobOptions> }[] = [];
      for await (const c of plan.children) jobs.push({ name: 'payment-entry', data: { bot: 'payment-entry', runId: plan.runId, businessKey: c.businessKey, input: c.input }, opts: itemJobOptions(rt, 'payment-entry', itemIdFor('payment-entry', c.businessKey)) });
      const connection = createRedis(redis.url);
      const queue = new Queue('payment-entry', { connection, prefix: 'base' });
      t = performance.now();
      for (let i = 0; i < jobs.length; i += 1_000) await queue.addBulk(jobs.slice(i, i + 1_000));
      const baseMs = performance.now() - t;
      await queue.close();
      await connection.quit();
      await rt.close();

      const value = ours.items / (ours.ms / 1000);
      const baseline = jobs.length / (baseMs / 1000);
      const ratio = value / baseline;
      const met = ratio >= GOAL_RATIO && ours.ms / 1000 < GOAL_SECONDS && ours.peakRssMB < GOAL_RSS_MB && ours.items === rows;
      console.log(
        '\n' +
          table(
            ['side', 'items', 'seconds', 'items/s', 'CPU s', 'peak RSS MB'],
            [
              ['dispatchPaymentFile (ours)', ours.items, round(ours.ms / 1000, 1), round(value), round(ours.cpuMs / 1000, 1), round(ours.peakRssMB)],
              ['BullMQ addBulk (baseline)', jobs.length, round(baseMs / 1000, 1), round(baseline), '—', '—'],
            ],
          ),
      );
      return {
        name: NAME,
        unit: 'items/s',
        value: round(value),
        baseline: round(baseline),
        ratio: round(ratio, 3),
        goal: { ratioAtLeast: GOAL_RATIO, text: `ratio >= ${GOAL_RATIO}, a ${rows}-row file a run in < ${GOAL_SECONDS} s, peak RSS < ${GOAL_RSS_MB} MB`, met },
        seconds: round(ours.ms / 1000, 2),
        peakRssMB: round(ours.peakRssMB),
        cpuSeconds: round(ours.cpuMs / 1000, 2),
        rows,
        format,
        baselineText: 'BullMQ Queue.addBulk of the same jobs (same data and ids), batches of 1,000, built in memory first',
        redis: redis.source,
        machine: machineInfo(),
        at: new Date().toISOString(),
      };
    } finally {
      await redis.stop();
    }
  },
};

export default benchmark;
