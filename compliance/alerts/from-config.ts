import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ComplianceAlertsConfig } from '../../config/compliance-alerts.js';
import type { Secrets } from '../../config/secrets.js';
import { registerSecretValues } from '../../logging/redact.js';
import { EmailSink } from './email-sink.js';
import { AlertFeed } from './feed.js';
import { LogSink } from './log-sink.js';
import { AlertRouter } from './router.js';
import { WebhookSink } from './webhook-sink.js';

export interface AlertDeps {
  secrets: Secrets;
  redis: Redis;
  /** Our key prefix, e.g. `rpa:_` (queue/keys.ts ownKeys). */
  keyPrefix: string;
  logger: Logger;
}

export interface AlertSinks {
  log: LogSink;
  feed: AlertFeed;
  webhook?: WebhookSink;
  email?: EmailSink;
}

/**
 * The sinks that `compliance.alerts` sets up. The webhook key and the SMTP password are read
 * from the secrets (never from the config) and registered with the log masking, so that
 * neither can appear in a log line whatever writes it.
 */
export function createAlertSinks(config: ComplianceAlertsConfig, deps: AlertDeps): AlertSinks {
  const sinks: AlertSinks = {
    log: new LogSink(deps.logger),
    feed: new AlertFeed(deps.redis, deps.keyPrefix, config.feed.maxLength),
  };
  if (config.webhook) {
    const { url, secret, ...rest } = config.webhook;
    const key = deps.secrets.get(secret);
    registerSecretValues([key]);
    sinks.webhook = new WebhookSink({ ...rest, url, secret: key, redis: deps.redis, keyPrefix: deps.keyPrefix, logger: deps.logger });
  }
  if (config.email) {
    const { passwordSecret, ...rest } = config.email;
    const password = rest.username ? deps.secrets.get(passwordSecret) : undefined;
    if (password) registerSecretValues([password]);
    sinks.email = new EmailSink({ ...rest, password });
  }
  return sinks;
}

/** The router of `compliance.alerts` over the sinks it sets up. */
export function createAlertRouter(config: ComplianceAlertsConfig, deps: AlertDeps, sinks = createAlertSinks(config, deps)): AlertRouter {
  return new AlertRouter({
    routes: config.routes,
    sinks: { ...sinks },
    redis: deps.redis,
    keyPrefix: deps.keyPrefix,
    dedupWindowMs: config.dedupWindowMs,
    logger: deps.logger,
  });
}
