/**
 * One measured dispatch, in its own process so that its peak RSS is the dispatch's alone:
 * `node --import tsx bench/dispatch-child.ts <file> <redis url> <prefix> <dataDir>`.
 * Ours: `dispatchPaymentFile` exactly as the drop folder, the board and `rpa dispatch` call it (both
 * passes over the file, the plan, the batches behind the run gate, the item index). No worker runs.
 * Prints one JSON line: { items, ms, cpuMs, peakRssMB }.
 */
import { readFileSync } from 'node:fs';
import { paymentBatch } from '../bots/payment-batch/index.js';
import { paymentEntry } from '../bots/payment-entry/index.js';
import { configSchema } from '../config/schema.js';
import { Secrets } from '../config/secrets.js';
import { createLogger } from '../logging/logger.js';
import { dispatchFile } from '../queue/run-sources.js';
import { Runtime } from '../queue/runtime.js';
import { runRegistry } from '../bots/registry.js';

const [file, url, prefix, dataDir] = process.argv.slice(2) as [string, string, string, string];
const config = configSchema.parse({ dataDir, redis: { prefix }, log: { level: 'warn' } });
const rt = new Runtime(config, Secrets.load(undefined, {}), url, createLogger({ level: 'warn', pretty: 'never' }), new Map([paymentEntry, paymentBatch].map((b) => [b.name, b])), new Map(), runRegistry());
const cpu = process.cpuUsage();
const started = performance.now();
const run = await dispatchFile(rt, 'payment-batch', file);
const ms = performance.now() - started;
const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
const peak = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
process.stdout.write(JSON.stringify({ items: run.items.length, ms, cpuMs, peakRssMB: peak, mem: process.memoryUsage() }) + "\n");
await rt.close();
process.exit(0);
