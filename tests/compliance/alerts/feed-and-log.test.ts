import { afterAll, describe, expect, it } from 'vitest';
import { maxSeverity, newAlert } from '../../../compliance/alerts/alert.js';
import { AlertFeed } from '../../../compliance/alerts/feed.js';
import { LogSink } from '../../../compliance/alerts/log-sink.js';
import { createLogger } from '../../../logging/logger.js';
import { LogCapture } from '../../helpers/runtime.js';
import { testRedis } from './redis.js';

const { redis, keyPrefix } = testRedis();
afterAll(() => redis.quit());

const alert = (n: number) => newAlert({ type: 'aml:cash', severity: 'medium', title: `Cash ${n}`, text: `cash payment ${n}`, businessKey: `E2E-${n}` });

describe('Redis feed', () => {
  it('reads the latest N newest first, and what came after an entry id', async () => {
    const feed = new AlertFeed(redis, keyPrefix);
    expect(feed.key).toBe(`${keyPrefix}:alerts:feed`);
    expect(await feed.latest()).toEqual([]);
    for (let n = 1; n <= 5; n++) await feed.send(alert(n));
    const latest = await feed.latest(3);
    expect(latest.map((e) => e.alert.title)).toEqual(['Cash 5', 'Cash 4', 'Cash 3']);
    expect((await feed.since(latest[1]!.id)).map((e) => e.alert.title)).toEqual(['Cash 5']);
    expect((await feed.since('0', 2)).map((e) => e.alert.title)).toEqual(['Cash 1', 'Cash 2']);
    expect(await feed.since(latest[0]!.id)).toEqual([]);
    expect(latest[0]!.alert).toMatchObject({ type: 'aml:cash', businessKey: 'E2E-5' });
  });

  it('is capped (approximately: Redis trims whole stream nodes)', async () => {
    const feed = new AlertFeed(redis, `${keyPrefix}cap`, 20);
    const pipe = redis.pipeline();
    for (let n = 0; n < 600; n++) pipe.xadd(feed.key, 'MAXLEN', '~', '20', '*', 'alert', JSON.stringify(alert(n)));
    await pipe.exec();
    await feed.send(alert(600));
    const length = await feed.length();
    expect(length).toBeGreaterThanOrEqual(20);
    expect(length).toBeLessThan(250);
    expect((await feed.latest(1))[0]!.alert.title).toBe('Cash 600');
  });
});

describe('log sink', () => {
  it('writes one line per alert at a level for its severity, masked', async () => {
    const log = new LogCapture();
    const sink = new LogSink(createLogger({ level: 'debug', pretty: 'never', destination: log.stream }));
    await sink.send(newAlert({ type: 'aml:cash', severity: 'low', title: 'Cash', text: 'from DE89370400440532013000' }));
    await sink.send(newAlert({ type: 'aml:structuring', severity: 'high', title: 'Structuring', text: 't' }));
    await sink.send(newAlert({ type: 'sanctions-hit', severity: 'critical', title: 'OFAC', text: 't' }));
    const levels = log.records.map((r) => r.level);
    expect(levels).toEqual([30, 40, 50]);
    expect(log.records[0]!.msg).toBe('alert aml:cash (low): Cash');
    expect(log.text).toContain('DE****3000');
    expect(log.text).not.toContain('0532013000');
  });

  it('maxSeverity picks the highest', () => {
    expect(maxSeverity(['low', 'critical', 'medium'])).toBe('critical');
    expect(maxSeverity([])).toBeUndefined();
  });
});
