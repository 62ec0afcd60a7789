/** followSse: sends the state when it changes, keep-alive comments in quiet times, `end` when done; a failing read says nothing of the error. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { followSse } from '../../../../queue/board/sse.js';

async function readAll(res: Response): Promise<string> {
  return new TextDecoder().decode(await res.arrayBuffer());
}

describe('followSse', () => {
  it('sends each new state once, then end', async () => {
    let done = 0;
    const app = new Hono();
    app.get('/progress', (c) =>
      followSse(c, {
        event: 'progress',
        intervalMs: 5,
        keepAliveMs: 12,
        read: () => ({ done: Math.min(3, Math.floor(done++ / 4)), total: 3 }),
        done: (s) => s.done === 3,
      }),
    );
    const res = await app.request('/progress');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await readAll(res);
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => [m[1], m[2]]);
    expect(events).toEqual([
      ['progress', '{"done":0,"total":3}'],
      ['progress', '{"done":1,"total":3}'],
      ['progress', '{"done":2,"total":3}'],
      ['progress', '{"done":3,"total":3}'],
      ['end', '{}'],
    ]);
    expect(text).toContain(': keep-alive');
  });

  it('ends with a bare `failed` event when reading fails', async () => {
    const app = new Hono();
    app.get('/broken', (c) => followSse(c, { event: 'text', read: () => Promise.reject(new Error('secret internals')) }));
    const text = await readAll(await app.request('/broken'));
    expect(text).toBe('event: failed\ndata: {}\n\n');
  });

  it('closes after maxMs (the browser reconnects)', async () => {
    const app = new Hono();
    app.get('/forever', (c) => followSse(c, { event: 'text', intervalMs: 5, maxMs: 40, read: () => ({ a: 1 }) }));
    const started = Date.now();
    const text = await readAll(await app.request('/forever'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(text).toBe('event: text\ndata: {"a":1}\n\n');
  });
});
