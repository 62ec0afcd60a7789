/**
 * 100,000 items and 5,000 open exceptions, written straight into Redis in the index's own key layout
 * (pipelines), then the dashboard, a run page deep in its items, the inbox with filters and search,
 * each timed through the app. Every list is a ZRANGE with limits, so none may take long. The bound is
 * generous for a shared, noisy 2-core machine; the test prints what it measured.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { usePagesBoard } from './fixture.js';
import { toyIdle, toyPay } from './toy-bots.js';

const ITEMS = 100_000;
const EXCEPTIONS = 5_000;
const RUNS = 20;
/** Each page must answer within this (measured: see the console line; typically 5-40 ms). */
const BOUND_MS = 750;

const board = usePagesBoard({ bots: [toyPay, toyIdle] });

afterAll(async () => {
  // The test Redis is shared by the whole suite: leave nothing of this volume behind.
  const redis = board.rt.redis;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${board.rt.prefix}:*`, 'COUNT', 20_000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
});

// One run's items, made inside Redis (a loop in Lua is far faster than 100,000 commands from here).
// ARGV: itemKeyPrefix, (unused), lexKey, runKey, runId, first item number, count, start ms, exceptions every Nth, queued after this index (-1: none)
const SEED_RUN = `
local first, count, started, every, queuedFrom = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local counts = { done = 0, exception = 0, queued = 0 }
for i = 0, count - 1 do
  local n = first + i
  local itemId = 'toy-pay.VOL-' .. n .. '.seeded'
  local key = string.format('VOL-%06d', n)
  local order = (started + i) * 1000
  local status = 'done'
  if i % every == 0 then status = 'exception' elseif queuedFrom >= 0 and i > queuedFrom then status = 'queued' end
  counts[status] = counts[status] + 1
  redis.call('HSET', ARGV[1] .. itemId, 'itemId', itemId, 'bot', 'toy-pay', 'businessKey', key, 'runId', ARGV[5], 'status', status, 'createdAt', ARGV[8], 'updatedAt', ARGV[8], 'order', order)
  if status == 'exception' then redis.call('HSET', ARGV[1] .. itemId, 'exceptionId', 'exc-vol-' .. n, 'note', 'seeded exception') end
  redis.call('ZADD', ARGV[3], 0, string.lower(key) .. string.char(0) .. itemId)
  redis.call('ZADD', ARGV[4] .. ':items', order, itemId)
  if status ~= 'queued' then redis.call('ZADD', ARGV[4] .. ':st:' .. status, order, itemId) end
end
return counts.exception
`;

async function seed(): Promise<{ runIds: string[] }> {
  const { rt } = board;
  const items = rt.items;
  const exc = rt.exceptions;
  const perRun = ITEMS / RUNS;
  const every = perRun / (EXCEPTIONS / RUNS);
  const runIds = Array.from({ length: RUNS }, (_, r) => `pay-vol${String.fromCharCode(97 + r)}`);
  const now = Date.now();
  const pipe = rt.redis.pipeline();
  for (let r = 0; r < RUNS; r++) {
    const runId = runIds[r]!;
    const started = now - (RUNS - r) * 3_600_000;
    const active = r >= RUNS - 5; // the last five runs are still in progress
    await rt.redis.eval(SEED_RUN, 0, items.itemKey(''), '', items.businessKeyLexKey, rt.runIndex.keys.run(runId), runId, r * perRun, perRun, started, every, active ? perRun / 2 : -1);
    pipe.hset(`${rt.runIndex.keys.run(runId)}:meta`, { bot: 'payment-batch', label: `volume-${r}.xlsx` });
    pipe.zadd(rt.runIndex.keys.runs, started, runId);
    if (active) pipe.zadd(rt.runIndex.keys.activeRuns, started, runId);
    for (let i = 0; i < perRun; i += every) {
      const n = r * perRun + i;
      const type = n % 3 === 0 ? 'compliance' : n % 3 === 1 ? 'system' : 'business';
      const severity = type === 'compliance' ? 'high' : type === 'system' ? 'medium' : 'low';
      const openedAt = started + i;
      const id = `exc-vol-${n}`;
      const itemId = `toy-pay.VOL-${n}.seeded`;
      const record = {
        id, type, status: 'open', severity, reason: `seeded ${type} exception ${n}`, error: { name: type === 'system' ? 'Error' : 'BusinessRuleError', message: 'seeded' },
        bot: 'toy-pay', itemId, runId, businessKey: `VOL-${String(n).padStart(6, '0')}`, attempt: 1, evidence: [], openedAt: new Date(openedAt).toISOString(), approvals: [], history: [],
      };
      pipe.set(exc.k('record', id), JSON.stringify(record));
      for (const key of [exc.k('all'), exc.k('status', 'open'), exc.k('type', type), exc.k('severity', severity), exc.k('run', runId), exc.k('item', itemId)]) pipe.zadd(key, openedAt, id);
      pipe.hincrby(exc.k('run-errors', runId), record.error.name, 1);
    }
  }
  await pipe.exec();
  return { runIds };
}

describe('100,000 items and 5,000 exceptions', () => {
  it('the dashboard, a run page, the inbox and search answer within the bound', { timeout: 60_000 }, async () => {
    const t0 = performance.now();
    const { runIds } = await seed();
    const seededMs = performance.now() - t0;
    expect(await board.rt.redis.zcard(board.rt.exceptions.k('status', 'open'))).toBe(EXCEPTIONS);
    expect(await board.rt.redis.zcard(board.rt.items.businessKeyLexKey)).toBe(ITEMS);

    const run = runIds[RUNS - 1]!;
    const pages: [string, string, (text: string) => void][] = [
      ['dashboard', '/', (t) => expect(t).toMatch(/5000 open exceptions/)],
      ['run page, deep in its items', `/runs/${run}?offset=4000`, (t) => expect(t).toMatch(/4001–4050 of 5000/)],
      ['run page, its exceptions', `/runs/${run}?status=exception`, (t) => expect(t).toMatch(/1–50 of 250/)],
      ['runs list', '/runs', (t) => expect(t).toContain('volume-19.xlsx')],
      ['inbox', '/inbox', (t) => expect(t).toMatch(/5000 exceptions/)],
      ['inbox, filtered', '/inbox?type=system&severity=medium&age=gt4h&offset=100', (t) => expect(t).toMatch(/101–150 of \d+/)],
      ['inbox, one run, newest first', `/inbox?run=${runIds[3]}&order=newest`, (t) => expect(t).toMatch(/250 exceptions/)],
      ['search, exact key', '/search?q=VOL-054321', (t) => expect(t).toContain('toy-pay.VOL-54321.seeded')],
      ['search, by the start of a key', '/search?q=vol-09999', (t) => expect(t).toContain('VOL-099999')],
    ];
    const measured: string[] = [];
    for (const [what, path, check] of pages) {
      await board.get(path, 'admin'); // warm: the first request of a route compiles its code
      const started = performance.now();
      const res = await board.get(path, 'admin');
      const ms = performance.now() - started;
      expect(res.status, what).toBe(200);
      check(res.text);
      measured.push(`${what} ${ms.toFixed(0)} ms`);
      expect(ms, what).toBeLessThan(BOUND_MS);
    }
    console.log(`board volume: seeded ${ITEMS} items and ${EXCEPTIONS} exceptions in ${seededMs.toFixed(0)} ms; ${measured.join('; ')} (bound ${BOUND_MS} ms)`);
  });
});
