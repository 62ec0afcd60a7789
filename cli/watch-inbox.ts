import { PaymentFileRejected } from '../bots/payment-batch/index.js';
import { DropFolder } from '../queue/drop-folder.js';
import { ownKeys } from '../queue/keys.js';
import { dispatchPaymentFile } from '../queue/payment-files.js';
import type { Runtime } from '../queue/runtime.js';

/** The payment drop folder of the config, dispatching each file as a run. */
export function paymentDropFolder(rt: Runtime): DropFolder {
  const cfg = rt.config.paymentFiles;
  return new DropFolder({
    inbox: cfg.inbox,
    pollMs: cfg.pollMs,
    maxCrashes: cfg.maxCrashes,
    redis: rt.redis,
    prefix: ownKeys(rt.prefix),
    log: rt.log.child({ component: 'drop-folder' }),
    handle: async (file) => (await dispatchPaymentFile(rt, file)).runId,
    isRejection: (err) => (err instanceof PaymentFileRejected ? { reason: err.reason, whatNext: err.whatNext } : undefined),
  });
}
