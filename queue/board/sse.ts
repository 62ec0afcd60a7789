/**
 * Live updates by server-sent events: a route handler returns `followSse(c, { event, read, done })`;
 * the stream sends `read()`'s value as JSON whenever it changes (polled every `intervalMs`), a
 * comment line now and then so proxies keep it open, and `end` when `done(value)` says so.
 *
 * What `static/board.js` does with the events, inside the element that has `data-sse="<url>"`:
 * - `progress` `{ done, total, label? }`: sets every `<progress data-progress>` (value, max) and
 *   the text of every `[data-progress-text]` (the label, else "done / total");
 * - `text` `{ <key>: <text>, ... }`: sets the text of every `[data-key="<key>"]` (always as text);
 * - `reload`: reloads the page; `end`: closes the stream (otherwise the browser reconnects).
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

export interface ProgressEvent {
  done: number;
  total: number;
  label?: string;
}

export interface FollowSseOptions<T> {
  /** The event name the page handles: `progress`, `text`, `reload`, or one of its own. */
  event: string;
  /** The current state; sent when its JSON differs from the last one sent. */
  read: () => Promise<T> | T;
  /** True when nothing more will change: the stream sends this state, then `end`, and closes. */
  done?: (state: T) => boolean;
  /** How often `read` is called. */
  intervalMs?: number;
  /** The stream closes after this long (the browser reconnects), so no connection lives for ever. */
  maxMs?: number;
  /** A comment line is sent after this much quiet. */
  keepAliveMs?: number;
}

export function followSse<T>(c: Context, options: FollowSseOptions<T>): Response {
  const intervalMs = options.intervalMs ?? 1_000;
  const maxMs = options.maxMs ?? 5 * 60_000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const started = Date.now();
    let last: string | undefined;
    let lastWrite = Date.now();
    let closed = false;
    stream.onAbort(() => {
      closed = true;
    });
    try {
      while (!closed && !stream.aborted && Date.now() - started < maxMs) {
        const state = await options.read();
        const json = JSON.stringify(state);
        if (json !== last) {
          await stream.writeSSE({ event: options.event, data: json });
          last = json;
          lastWrite = Date.now();
        } else if (Date.now() - lastWrite >= keepAliveMs) {
          await stream.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        if (options.done?.(state)) {
          await stream.writeSSE({ event: 'end', data: '{}' });
          return;
        }
        await stream.sleep(intervalMs);
      }
    } catch (err) {
      // Never send the error's text to the page: it may say more than the user may see.
      if (!stream.aborted) await stream.writeSSE({ event: 'failed', data: '{}' }).catch(() => {});
      const log = (c.var as { services?: { log?: { warn(o: object, m: string): void } } }).services?.log;
      log?.warn({ err: { message: (err as Error).message }, path: c.req.path }, 'board: live update stream failed');
    }
  });
}
