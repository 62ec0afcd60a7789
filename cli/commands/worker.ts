import { runUntilSignal } from '../../queue/run-until-signal.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';

/** `rpa worker [--bots a,b]`: runs the bots' queues until SIGTERM/SIGINT, then shuts down gracefully. */
export async function worker(flags: CliFlags & { bots?: string }): Promise<number> {
  const loaded = setup(flags);
  const { rt, redis } = await startRuntime(loaded);
  const only = flags.bots ? flags.bots.split(',').map((s) => s.trim()).filter(Boolean) : loaded.config.worker.bots;
  const host = new WorkerHost(rt, only);
  await host.start();
  await runUntilSignal(rt, host);
  await redis.stop();
  return 0;
}
