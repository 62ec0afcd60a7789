import type { Logger } from 'pino';
import type { Alert, Severity } from './alert.js';
import type { AlertSink } from './sink.js';

const LEVEL: Record<Severity, 'info' | 'warn' | 'error'> = { info: 'info', low: 'info', medium: 'warn', high: 'warn', critical: 'error' };

/** Alerts as log lines (info and low: info; medium and high: warn; critical: error). The logger masks IBANs and secrets. */
export class LogSink implements AlertSink {
  readonly name = 'log';
  constructor(private readonly logger: Logger) {}

  async send(alert: Alert): Promise<void> {
    this.logger[LEVEL[alert.severity]]({ alert }, `alert ${alert.type} (${alert.severity}): ${alert.title}`);
  }
}
