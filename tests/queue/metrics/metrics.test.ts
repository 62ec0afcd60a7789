/**
 * Prometheus metrics: the board's /metrics and the worker's metrics server answer only the metrics
 * token (a board session is not enough; without the secret they say how to turn them on), and expose
 * items by bot and state, exceptions open, the circuit breakers, a night's forecast against its
 * deadline, missed starts and (the worker) item durations. Label values are escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../queue/audit/audit-log.js';
import { createBoardApp } from '../../../queue/board/app.js';
import { ownKeys } from '../../../queue/keys.js';
import { exposition, startMetricsServer } from '../../../queue/metrics/index.js';
import { resolvePlans, startNight } from '../../../queue/plans/index.js';
import { WorkerHost } from '../../../queue/worker-host.js';
import { dispatchItem } from '../../../queue/dispatch.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';
import { waitFor } from '../../helpers/wait.js';
import { SESSION_KEY } from '../board/core/board-fixture.js';
import { tally, tallyItem, tallyRun } from '../plans/tally.js';

const TOKEN = 'prometheus-scrape-token-0123456789';
const config = testConfig({
  plans: [{ name: 'night', when: 'every business day at 01:00', deadline: '05:00', steps: [{ name: 'fetch', run: 'tally', params: { count: 2 }, expectMinutes: 600 }] }],
});
const rt = testRuntime({ bots: [tallyItem, tally], config, runs: [tallyRun], secretsEnv: { RPA_SECRET_METRICS_TOKEN: TOKEN } });
const host = new WorkerHost(rt);
beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown();
  await rt.close();
});

describe('the Prometheus text format', () => {
  it('escapes label values and writes histograms as buckets, sum and count', () => {
    const text = exposition([
      { name: 'x_total', help: 'a "test"\nline', type: 'counter', samples: [{ labels: { bot: 'a"b\\c\nd' }, value: 3 }] },
      { name: 'd_seconds', help: 'h', type: 'histogram', samples: [{ suffix: '_bucket', labels: { le: '+Inf' }, value: 1 }, { suffix: '_sum', value: 0.5 }, { suffix: '_count', value: 1 }] },
    ]);
    expect(text).toBe('# HELP x_total a "test"\\nline\n# TYPE x_total counter\nx_total{bot="a\\"b\\\\c\\nd"} 3\n# HELP d_seconds h\n# TYPE d_seconds histogram\nd_seconds_bucket{le="+Inf"} 1\nd_seconds_sum 0.5\nd_seconds_count 1\n');
  });
});

describe('/metrics', () => {
  it('on the board: the token only; items, exceptions, breakers and a late night', async () => {
    const app = createBoardApp({ rt, config: rt.config, log: rt.log, audit: new AuditLog(rt.redis, ownKeys(rt.prefix)) }, { sessionKey: SESSION_KEY, bullBoard: false });
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    // A night started now with its 05:00 deadline, whose one step is expected to take ten hours.
    const [plan] = resolvePlans(config);
    await startNight(rt, plan!, Date.now(), 'trigger');
    await waitFor(async () => (await rt.queue('tally-item').getJobCounts('completed')).completed === 2, 'the items to run');
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('rpa_items{bot="tally-item",state="completed"} 2');
    expect(text).toMatch(/^rpa_exceptions_open 0$/m);
    expect(text).toContain('rpa_circuit_state{target="legacy-bank"} 0');
    expect(text).toMatch(/^rpa_night_late\{plan="night",day="\d{4}-\d\d-\d\d"\} [01]$/m);
    expect(text).toMatch(/^rpa_night_deadline_seconds\{plan="night",day="[\d-]+"\} \d{10}$/m);
    expect(text).toContain('rpa_schedule_missed_starts_total{schedule="night"} 0');
    expect(text).not.toContain(TOKEN);
  });

  it('on the worker: the token only, and how long the items took', async () => {
    const server = await startMetricsServer(rt, host.durations, 0, '127.0.0.1');
    try {
      await dispatchItem(rt, 'tally-item', { step: 'metrics', n: 1 }, { runId: 'metrics' });
      const url = `http://127.0.0.1:${server.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const text = await waitFor(async () => {
        const t = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
        return /rpa_item_duration_seconds_count\{bot="tally-item"\} [1-9]/.test(t) && t;
      }, 'the durations');
      expect(text).toMatch(/rpa_item_duration_seconds_bucket\{bot="tally-item",le="\+Inf"\} \d+/);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
    const off = testRuntime({ bots: [], config: testConfig() });
    const closed = await startMetricsServer(off, host.durations, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${closed.port}/metrics`, { headers: { authorization: 'Bearer anything' } });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('metrics are off: set the secret metrics/token (RPA_SECRET_METRICS_TOKEN)');
    } finally {
      await closed.close();
      await off.close();
    }
  });
});
