import { RpaError } from '../../banking/index.js';
import type { Alert } from './alert.js';

/** Somewhere an alert can go. `send` resolves when the alert is delivered and throws when it could not be. */
export interface AlertSink {
  readonly name: string;
  send(alert: Alert): Promise<void>;
}

/**
 * An alert that a sink gave up on. `alertType` is the type of the alert that reports the failure
 * to the other sinks (e.g. `webhook-dead-letter`: the alert is kept in the dead-letter list).
 */
export class AlertDeliveryFailed extends RpaError {
  readonly whatNext: string;
  constructor(
    readonly sink: string,
    readonly alertId: string,
    readonly reason: string,
    readonly alertType = `${sink}-delivery-failed`,
    whatNext = `Check the ${sink} sink's settings and the receiving end.`,
  ) {
    super(`alert ${alertId} not delivered by ${sink}: ${reason}`);
    this.whatNext = whatNext;
  }
}
