/**
 * Redis under Sentinel on loopback, from Debian's redis-server (a sentinel is redis-server with
 * --sentinel): a primary, a replica and three sentinels watching them (quorum 2, a primary down after
 * 1 s). For the proofs that kill the primary and let Sentinel fail over to the replica.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../queue/embedded-redis.js';
import { waitFor } from './wait.js';

export const SENTINEL_MASTER = 'rpa-night';

export interface SentinelSet {
  /** The sentinels' addresses, as config.redis.sentinel.nodes takes them. */
  nodes: { host: string; port: number }[];
  /** The port of the primary now (asked of a sentinel). */
  primaryPort(): Promise<number>;
  /** SIGKILLs the primary now; resolves when Sentinel has promoted another node, with its port. */
  killPrimary(): Promise<{ killed: number; promoted: number }>;
  /** Holds the replica for `ms` (DEBUG SLEEP) and fills the link: what the primary takes next is not replicated yet. */
  stallReplica(ms: number): Promise<void>;
  stop(): Promise<void>;
}

interface Node {
  port: number;
  child: ChildProcess;
}

function start(args: string[], log: string): ChildProcess {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d) => writeFileSync(log, d, { flag: 'a' }));
  return child;
}

async function answers(port: number): Promise<boolean> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function ask<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  r.on('error', () => undefined); // a node being killed: the caller's wait tries again
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

export async function startSentinelSet(dir: string): Promise<SentinelSet> {
  const nodes: Node[] = [];
  const sentinels: Node[] = [];
  const dataNode = async (name: string, extra: string[]) => {
    const port = await freePort();
    const d = path.join(dir, name);
    mkdirSync(d, { recursive: true });
    const child = start(['--port', String(port), '--bind', '127.0.0.1', '--dir', d, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'no', '--maxmemory-policy', 'noeviction', '--enable-debug-command', 'local', ...extra], path.join(d, 'stderr.log'));
    nodes.push({ port, child });
    await waitFor(() => answers(port), `redis-server ${name} on ${port}`, 15_000, 100);
    return port;
  };
  const primary = await dataNode('primary', []);
  const replica = await dataNode('replica', ['--replicaof', '127.0.0.1', String(primary)]);
  await waitFor(async () => (await ask(replica, (r) => r.info('replication'))).includes('master_link_status:up'), 'the replica in sync', 15_000, 100);
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const d = path.join(dir, `sentinel-${i}`);
    mkdirSync(d, { recursive: true });
    const conf = path.join(d, 'sentinel.conf');
    writeFileSync(
      conf,
      [`port ${port}`, 'bind 127.0.0.1', 'protected-mode no', `dir ${d}`, `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${primary} 2`, `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`, `sentinel failover-timeout ${SENTINEL_MASTER} 5000`, `sentinel parallel-syncs ${SENTINEL_MASTER} 1`].join('\n') + '\n',
    );
    sentinels.push({ port, child: start([conf, '--sentinel'], path.join(d, 'stderr.log')) });
    await waitFor(() => answers(port), `sentinel ${i} on ${port}`, 15_000, 100);
  }
  // Every sentinel knows the replica and the two other sentinels.
  for (const s of sentinels) {
    await waitFor(async () => {
      const [others, replicas] = await ask(s.port, async (r) => [(await r.call('SENTINEL', 'SENTINELS', SENTINEL_MASTER)) as unknown[], (await r.call('SENTINEL', 'REPLICAS', SENTINEL_MASTER)) as unknown[]]);
      return others.length === 2 && replicas.length === 1;
    }, 'the sentinels to know each other and the replica', 30_000, 200);
  }
  const primaryPort = async () => Number(((await ask(sentinels[0]!.port, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER))) as string[])[1]);
  return {
    nodes: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
    primaryPort,
    async killPrimary() {
      const killed = await primaryPort();
      const node = nodes.find((n) => n.port === killed)!;
      node.child.kill('SIGKILL');
      const promoted = await waitFor(async () => {
        const p = await primaryPort();
        return p !== killed && (await ask(p, (r) => r.info('replication'))).includes('role:master') && p;
      }, 'Sentinel to fail over', 60_000, 200);
      return { killed, promoted };
    },
    async stallReplica(ms: number) {
      const p = await primaryPort();
      const replicaNode = nodes.find((n) => n.port !== p && n.child.exitCode === null && n.child.signalCode === null)!;
      const r = new Redis({ port: replicaNode.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      r.on('error', () => undefined);
      // Not awaited: the replica answers when it wakes; meanwhile it reads nothing from the primary.
      void r.call('DEBUG', 'SLEEP', String(ms / 1000)).finally(() => r.disconnect()).catch(() => undefined);
      await new Promise((res) => setTimeout(res, 100));
      // What the primary sends meanwhile first fills the sockets' buffers, which the replica would still read
      // when it wakes: a filler larger than them makes everything written after it wait in the primary alone.
      await ask(p, (primary) => primary.set(`${SENTINEL_MASTER}:replication-filler`, Buffer.alloc(24 * 1024 * 1024, 120)));
    },
    async stop() {
      for (const n of [...sentinels, ...nodes]) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
      await Promise.all([...sentinels, ...nodes].map((n) => (n.child.exitCode !== null || n.child.signalCode !== null ? undefined : new Promise((r) => n.child.once('exit', r)))));
    },
  };
}
