import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Reads the intersection of sorted sets in one MULTI: the set itself when there is one, else a
 * temporary ZINTERSTORE at `<tmpPrefix>:<uuid>` (each member scored by the `aggregate` of its
 * scores) that is deleted in the same MULTI, so no temporary key outlives the call. `read` queues
 * its commands on the key; their results come back in that order.
 */
export async function readIntersection(
  redis: Redis,
  sets: string[],
  tmpPrefix: string,
  read: (tx: ChainableCommander, key: string) => void,
  aggregate: 'MIN' | 'MAX' = 'MIN',
): Promise<unknown[]> {
  const single = sets.length === 1;
  const key = single ? sets[0]! : `${tmpPrefix}:${randomUUID()}`;
  const tx = redis.multi();
  if (!single) tx.zinterstore(key, sets.length, ...sets, 'AGGREGATE', aggregate);
  read(tx, key);
  if (!single) tx.del(key);
  const res = (await tx.exec()) ?? [];
  return res.slice(single ? 0 : 1).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
