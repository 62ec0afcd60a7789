import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Alert } from './alert.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { DeadLetters } from './dead-letters.js';
import { signBody } from './signature.js';
import { AlertDeliveryFailed, type AlertSink } from './sink.js';

export interface WebhookSinkOptions extends Partial<BackoffOptions> {
  url: string;
  /** The HMAC-SHA256 key, from the secrets (never from the config). */
  secret: string;
  redis: Redis;
  /** Our key prefix (e.g. `rpa:_`); dead letters live under `<keyPrefix>:alerts:webhook:dead`. */
  keyPrefix: string;
  attempts?: number;
  timeoutMs?: number;
  deadLetterMax?: number;
  logger?: Logger;
  /** For tests: a pause that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

type Outcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/** Statuses worth another attempt; any other 4xx will fail the same way until someone changes something. */
const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 425 || status === 429;

/**
 * Alerts as a signed JSON POST. The body is `{"timestamp":<unix s>,"alert":{...}}`; headers
 * `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` (so the timestamp is signed too: reject
 * old ones to stop replays), `X-Timestamp` (the same seconds) and `X-Alert-Id` (the same alert may
 * arrive twice after a timeout: de-duplicate on it). Retried with exponential backoff and jitter on
 * network errors, timeouts, 5xx, 408, 425 and 429; after the last attempt (or at once on another
 * 4xx) the alert is kept in the dead-letter list with the last error, to be redriven.
 */
export class WebhookSink implements AlertSink {
  readonly name = 'webhook';
  readonly deadLetters: DeadLetters;
  private readonly attempts: number;
  private readonly backoff: BackoffOptions;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: WebhookSinkOptions) {
    this.attempts = o.attempts ?? 5;
    this.backoff = { backoffMs: o.backoffMs ?? 1_000, maxBackoffMs: o.maxBackoffMs ?? 60_000, backoffJitter: o.backoffJitter ?? 0.5 };
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.deadLetters = new DeadLetters(o.redis, o.keyPrefix, this.name, o.deadLetterMax);
  }

  async send(alert: Alert): Promise<void> {
    await this.deadLetters.started(alert);
    const outcome = await this.deliver(alert, this.attempts);
    if (outcome.ok) return this.deadLetters.done(alert.id);
    await this.deadLetters.add({ alert, error: outcome.error, attempts: outcome.attempts });
    throw this.failed(alert, outcome.error);
  }

  /**
   * Tries dead letters again (all, or those named), `attempts` times each: delivered ones leave
   * the list, the others stay with the new error. Returns the ids of each.
   */
  async redrive(alertIds?: string[], attempts = 1): Promise<{ delivered: string[]; failed: string[] }> {
    const letters = alertIds
      ? (await Promise.all(alertIds.map((id) => this.deadLetters.get(id)))).filter((l) => l !== undefined)
      : await this.deadLetters.list({ limit: 10_000 });
    const result = { delivered: [] as string[], failed: [] as string[] };
    for (const letter of letters) {
      const outcome = await this.deliver(letter.alert, attempts);
      if (outcome.ok) {
        await this.deadLetters.remove(letter.alert.id);
        result.delivered.push(letter.alert.id);
      } else {
        await this.deadLetters.add({ alert: letter.alert, error: outcome.error, attempts: letter.attempts + outcome.attempts });
        result.failed.push(letter.alert.id);
      }
    }
    return result;
  }

  private failed(alert: Alert, error: string): AlertDeliveryFailed {
    return new AlertDeliveryFailed(
      this.name,
      alert.id,
      error,
      'webhook-dead-letter',
      'The alert is kept in the webhook dead-letter list: fix the receiver (or the secret), then redrive it.',
    );
  }

  private async deliver(alert: Alert, attempts: number): Promise<Outcome> {
    let error = '';
    for (let n = 1; n <= attempts; n++) {
      let retryable = true;
      try {
        const res = await this.post(alert);
        if (res.ok) return { ok: true, attempts: n };
        error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
        retryable = RETRYABLE(res.status);
      } catch (e) {
        error = describeFetchError(e, this.timeoutMs);
      }
      if (!retryable || n === attempts) return { ok: false, attempts: n, error };
      const delay = backoffDelay(n, this.backoff);
      this.o.logger?.warn({ alertId: alert.id, attempt: n, error, retryInMs: delay }, 'alert webhook delivery failed; retrying');
      await this.sleep(delay);
    }
    return { ok: false, attempts, error };
  }

  private async post(alert: Alert): Promise<Response> {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ timestamp, alert });
    const res = await fetch(this.o.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': signBody(body, this.o.secret),
        'x-timestamp': String(timestamp),
        'x-alert-id': alert.id,
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined); // free the connection
    return res;
  }
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const msg = e instanceof Error ? e.message : String(e);
  return code ? `${msg} (${code})` : cause ? `${msg}: ${cause.message}` : msg;
}
