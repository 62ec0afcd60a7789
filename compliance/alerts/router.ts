import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertRouteConfig } from '../../config/compliance-alerts.js';
import { maskAlert, newAlert, severityRank, type Alert, type NewAlert } from './alert.js';
import { AlertDedup } from './dedup.js';
import { AlertDeliveryFailed, type AlertSink } from './sink.js';

export interface RouteResult {
  alert: Alert;
  /** The sinks the routes chose. */
  sinks: string[];
  delivered: string[];
  failed: { sink: string; error: string }[];
  /** The same alert was sent within the de-duplication window: sent nowhere. */
  throttled: boolean;
}

export interface AlertRouterOptions {
  routes: AlertRouteConfig[];
  /** By name; routes may only name sinks given here. */
  sinks: Partial<Record<string, AlertSink>>;
  redis: Redis;
  keyPrefix: string;
  dedupWindowMs: number;
  logger?: Logger;
}

/** `aml:*` → /^aml:.*$/ (only `*` is special). */
function typePattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Sends each alert (masked: see `maskAlert`) to the sinks of every route that takes it (its type matches one of the route's
 * patterns and its severity is at least the route's minimum), once per de-duplication window.
 * Sinks are tried side by side; one failing does not stop the others. A sink that gives up
 * raises an alert of its own (`webhook-dead-letter`, `email-delivery-failed`) to the other sinks.
 */
export class AlertRouter {
  private readonly routes: { types: RegExp[]; minRank: number; sinks: string[] }[];
  private readonly dedup: AlertDedup;

  constructor(private readonly o: AlertRouterOptions) {
    this.routes = o.routes.map((r) => ({ types: r.types.map(typePattern), minRank: severityRank(r.minSeverity), sinks: r.sinks }));
    for (const r of o.routes) {
      for (const s of r.sinks) if (!o.sinks[s]) throw new Error(`alert route to sink "${s}", which is not set up (compliance.alerts.${s})`);
    }
    this.dedup = new AlertDedup(o.redis, o.keyPrefix, o.dedupWindowMs);
  }

  /** The sinks an alert goes to, in route order, each once. */
  sinksFor(alert: Pick<Alert, 'type' | 'severity'>): string[] {
    const rank = severityRank(alert.severity);
    const names = this.routes.filter((r) => rank >= r.minRank && r.types.some((t) => t.test(alert.type))).flatMap((r) => r.sinks);
    return [...new Set(names)];
  }

  async send(input: NewAlert | Alert): Promise<RouteResult> {
    return this.deliver(newAlert(input), new Set());
  }

  private async deliver(raw: Alert, exclude: Set<string>): Promise<RouteResult> {
    const alert = maskAlert(raw);
    const sinks = this.sinksFor(alert).filter((s) => !exclude.has(s));
    const result: RouteResult = { alert, sinks, delivered: [], failed: [], throttled: false };
    if (sinks.length === 0) return result;
    // De-duplicated on the unmasked alert: two accounts may share their last four digits.
    if (!(await this.dedup.claim(raw))) {
      this.o.logger?.debug({ alertId: alert.id, type: alert.type, businessKey: alert.businessKey }, 'alert throttled: the same alert was sent within the window');
      return { ...result, throttled: true };
    }
    const settled = await Promise.allSettled(sinks.map((s) => this.o.sinks[s]!.send(alert)));
    const failures: AlertDeliveryFailed[] = [];
    settled.forEach((r, i) => {
      const sink = sinks[i]!;
      if (r.status === 'fulfilled') return result.delivered.push(sink);
      const err = r.reason instanceof AlertDeliveryFailed ? r.reason : new AlertDeliveryFailed(sink, alert.id, r.reason instanceof Error ? r.reason.message : String(r.reason));
      failures.push(err);
      result.failed.push({ sink, error: err.reason });
    });
    if (result.delivered.length === 0) await this.dedup.release(raw);
    // Report each failure to the other sinks, once (a failure report that fails is only logged).
    if (exclude.size === 0) for (const f of failures) await this.reportFailure(alert, f, new Set(result.failed.map((x) => x.sink)));
    for (const f of failures) this.o.logger?.error({ alertId: alert.id, type: alert.type, sink: f.sink, error: f.reason }, 'alert not delivered');
    return result;
  }

  private async reportFailure(alert: Alert, f: AlertDeliveryFailed, failedSinks: Set<string>): Promise<void> {
    await this.deliver(
      newAlert({
        type: f.alertType,
        severity: 'high',
        title: `Alert "${alert.title}" not delivered by ${f.sink}`,
        text: `${f.sink} gave up on alert ${alert.id} (${alert.type}, ${alert.severity}): ${f.reason}. ${f.whatNext}`,
        itemId: alert.itemId,
        businessKey: alert.businessKey,
        dedupKey: `${f.alertType}|${alert.id}`,
        facts: { alertId: alert.id, alertType: alert.type, sink: f.sink, error: f.reason },
      }),
      failedSinks,
    );
  }
}
