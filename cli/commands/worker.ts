import { runUntilSignal } from '../../queue/run-until-signal.js';
import { ScheduleHost } from '../../queue/schedules/index.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { startMetricsServer } from '../../queue/metrics/index.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { runDropFolders } from '../../queue/run-inboxes.js';

/**
 * `rpa worker [--bots a,b]`: runs the bots' queues (and watches the runs' drop folders that are
 * set to be watched, e.g. paymentFiles.watch, and takes the schedules' starts) until SIGTERM/SIGINT,
 * then shuts down gracefully.
 */
export async function worker(flags: CliFlags & { bots?: string }): Promise<number> {
  const loaded = setup(flags);
  const { rt, redis } = await startRuntime(loaded);
  const only = flags.bots ? flags.bots.split(',').map((s) => s.trim()).filter(Boolean) : loaded.config.worker.bots;
  const host = new WorkerHost(rt, only);
  await host.start();
  const inboxes = runDropFolders(rt, { watchedOnly: true });
  for (const inbox of inboxes) await inbox.start();
  // The schedules (config.schedules): synced, and their starts taken by whichever worker is up.
  const schedules = loaded.config.schedules.length || loaded.config.plans.length ? new ScheduleHost(rt) : undefined;
  await schedules?.start();
  // Prometheus /metrics (worker.metricsPort), behind the metrics token.
  const metrics = loaded.config.worker.metricsPort ? await startMetricsServer(rt, host.durations, loaded.config.worker.metricsPort, loaded.config.worker.metricsHost) : undefined;
  if (metrics) rt.log.info({ port: metrics.port }, 'worker metrics at /metrics');
  await runUntilSignal(rt, host, async () => {
    await metrics?.close();
    await schedules?.stop();
    for (const inbox of inboxes) await inbox.stop();
  });
  await redis.stop();
  return 0;
}

/** `rpa watch`: only the runs' drop folders (items are run by `rpa worker` processes). */
export async function watch(flags: CliFlags): Promise<number> {
  const loaded = setup(flags);
  const { rt, redis } = await startRuntime(loaded);
  const inboxes = runDropFolders(rt);
  for (const inbox of inboxes) await inbox.start();
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  for (const inbox of inboxes) await inbox.stop();
  await rt.close();
  await redis.stop();
  return 0;
}
