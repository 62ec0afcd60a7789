import type { Alert } from '../../../compliance/alerts/alert.js';
import type { AlertSink } from '../../../compliance/alerts/sink.js';

/** A sink that keeps what it is sent, and fails while told to. */
export class CaptureSink implements AlertSink {
  readonly alerts: Alert[] = [];
  failing = false;
  constructor(readonly name: string) {}
  async send(alert: Alert): Promise<void> {
    if (this.failing) throw new Error(`${this.name} is down`);
    this.alerts.push(alert);
  }
  get types(): string[] {
    return this.alerts.map((a) => a.type);
  }
}
