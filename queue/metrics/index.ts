/**
 * queue/metrics — Prometheus metrics on the worker (its own small server) and the board (/metrics),
 * behind their own bearer token (the secret metrics.tokenSecret).
 *
 *   collectMetrics(rt)              // items by bot and state, exceptions open, circuit breakers, nights' forecast
 *                                   // against their deadline, schedules' missed starts
 *   ItemDurations                   // per-process histogram of item attempt times, by bot
 *   startMetricsServer(rt, durations, port, host)   // the worker's /metrics
 *   metricsToken / checkMetricsAccess               // the token, compared in constant time
 *   exposition(families)            // the Prometheus text format
 */
export { collectMetrics } from './collect.js';
export { CONTENT_TYPE, exposition, type Family, type MetricType, type Sample } from './exposition.js';
export { ItemDurations } from './item-durations.js';
export { startMetricsServer } from './metrics-server.js';
export { checkMetricsAccess, metricsToken, type MetricsAccess } from './metrics-token.js';
