import type { Runtime } from './runtime.js';
import type { WorkerHost } from './worker-host.js';

/**
 * Runs a started worker host until SIGTERM or SIGINT, then shuts it down gracefully (no new
 * items; running ones finish within most of `worker.shutdownGraceMs`, the rest go back to the
 * queue) and closes the runtime. Resolves when everything is closed; the caller exits 0.
 *
 * The process always exits within `worker.shutdownGraceMs` of the signal: if the shutdown has not
 * finished by then (Redis down, so nothing can be handed back), it says so and exits with code 1;
 * items still running are picked up again by another worker once their lock expires, and postOnce
 * keeps them from being entered twice. A second signal exits at once.
 */
export function runUntilSignal(rt: Runtime, host: WorkerHost, beforeShutdown?: () => Promise<void> | void, exit: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const graceMs = rt.config.worker.shutdownGraceMs;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        rt.log.warn({ signal }, 'second signal: exiting now');
        exit(1);
        return;
      }
      stopping = true;
      rt.log.info({ signal, graceMs }, 'signal received');
      setTimeout(() => {
        rt.log.error({ graceMs, redisDown: rt.redisHealth.isDown, running: host.activeCount }, 'shutdown did not finish within the grace period: exiting now (running items return to the queue when their lock expires)');
        exit(1);
      }, graceMs).unref();
      Promise.resolve(beforeShutdown?.())
        .then(() => host.shutdown(Math.max(0, graceMs - 1_500)))
        .then(() => rt.close(1_000))
        .then(resolve, reject);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
