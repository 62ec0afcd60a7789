/**
 * A worker host in a child process (a fixture under tests/fixtures that prints "ready" once it runs),
 * for the proofs that SIGKILL it: on the suite's Redis, with the test's config and the bot accounts'
 * passwords in its environment, its stderr kept in memory and appended to `logFile`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Config } from '../../config/schema.js';

export interface WorkerProcess {
  child: ChildProcess;
  /** Settles when the worker printed "ready"; rejects, with its stderr, when it exited before. */
  ready: Promise<void>;
  exited: Promise<void>;
  stderr(): string;
}

/** Starts the process at once (so a caller can kill it whatever happens); wait on `ready` before use. */
export function startWorkerProcess(fixture: string, options: { config: Config; env: NodeJS.ProcessEnv; logFile: string; /** Another Redis than the suite's (a proof's own). */ redisUrl?: string }): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...options.env, REDIS_URL: options.redisUrl ?? inject('redisUrl'), RPA_TEST_CONFIG: JSON.stringify(options.config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
    appendFileSync(options.logFile, d);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${stderr.slice(-4000)}`)));
  });
  return { child, ready, exited: new Promise<void>((r) => child.once('exit', () => r())), stderr: () => stderr };
}
