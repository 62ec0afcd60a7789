/** The public API of compliance/alerts: alerts, their sinks, routing and de-duplication. */
export { SEVERITIES, alertId, maskAlert, maxSeverity, newAlert, severityRank, type Alert, type NewAlert, type Severity } from './alert.js';
export { AlertDeliveryFailed, type AlertSink } from './sink.js';
export { LogSink } from './log-sink.js';
export { AlertFeed, type FeedEntry } from './feed.js';
export { WebhookSink, type WebhookSinkOptions } from './webhook-sink.js';
export { DeadLetters, type DeadLetter } from './dead-letters.js';
export { signBody, verifySignature } from './signature.js';
export { EmailSink, alertMailText, type EmailSinkOptions } from './email-sink.js';
export { AlertDedup, dedupKeyOf } from './dedup.js';
export { AlertRouter, type AlertRouterOptions, type RouteResult } from './router.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { createAlertRouter, createAlertSinks, type AlertDeps, type AlertSinks } from './from-config.js';
