/**
 * Proof: the accelerated night (night-scenario.ts) on Redis under Sentinel: a primary, a replica and
 * three sentinels on loopback (tests/helpers/sentinel-set.ts), the workers and the scheduler connected
 * through the sentinels. In the middle of the night the replica is held for 2.5 s (so that what the
 * primary acknowledges meanwhile is not replicated) and the primary is SIGKILLed: Sentinel promotes the
 * replica, and the writes of those seconds are lost. The night notices the items its runs planned and
 * no longer finds (each run checked against its plan after the outage) and creates them again;
 * postOnce keeps every payment single.
 */
import { expect } from 'vitest';
import { SENTINEL_MASTER, startSentinelSet } from '../helpers/sentinel-set.js';
import { nightSoak } from './night-scenario.js';

nightSoak('under Sentinel, its primary SIGKILLed with writes not yet replicated', async (dir) => {
  const set = await startSentinelSet(dir);
  let failover: { killed: number; promoted: number } | undefined;
  return {
    url: 'redis://127.0.0.1/0',
    sentinel: { name: SENTINEL_MASTER, nodes: set.nodes },
    async kill() {
      await set.stallReplica(2_500);
      failover = await set.killPrimary();
      return `primary ${failover.killed} SIGKILLed with 2.5 s not replicated; Sentinel promoted ${failover.promoted}`;
    },
    verify() {
      expect(failover?.promoted).toBeGreaterThan(0);
    },
    stop: () => set.stop(),
  };
});
