/**
 * The compliance service bots declare (payment-entry, mandate-entry): sanctions screening, AML
 * rules and alerts (compliance/), built once per worker process by the runtime.
 */
import { PaymentCompliance } from '../compliance/index.js';
import { defineService } from './kit/index.js';

declare module './kit/context.js' {
  interface BotServices {
    /** The process's compliance step: screening, AML rules, alerts (compliance/). */
    readonly compliance: PaymentCompliance;
  }
}

export const complianceService = defineService('compliance', (deps) => PaymentCompliance.fromConfig(deps));
