import type { Runtime } from './runtime.js';
import type { WorkerHost } from './worker-host.js';

/**
 * Runs a started worker host until SIGTERM or SIGINT, then shuts it down gracefully
 * (no new items, running ones finish within the grace period) and closes the runtime.
 * Resolves when everything is closed; the caller exits 0.
 */
export function runUntilSignal(rt: Runtime, host: WorkerHost, beforeShutdown?: () => Promise<void> | void): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      rt.log.info({ signal }, 'signal received');
      Promise.resolve(beforeShutdown?.())
        .then(() => host.shutdown())
        .then(() => rt.close())
        .then(resolve, reject);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
