import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection when the heap has grown by more than a budget since the last one. V8
 * lets garbage that lived a little while (job data waiting for Redis's replies) pile up in the old
 * generation until a limit that grows with the heap: dispatching 200,000 items holds some 60 MB of
 * live data but reached 450 MB of RSS. Long bulk work (a run's dispatch) calls this after each
 * batch to keep its peak near its live size; a check is one heap-statistics call, and the
 * collection runs only when the heap is over the budget. Reached through V8's own `gc` (the
 * `--expose-gc` flag set at run time, the function taken from a fresh context); if that is not
 * possible, it does nothing.
 */
// Called without options: a full, precise collection (with options V8 may keep what the stack seems to hold).
type Gc = () => void;
let gc: Gc | null | undefined;
let liveAfterLast = 0;

export function reclaimHeap(budgetBytes = 48 * 1024 * 1024): void {
  const used = getHeapStatistics().used_heap_size;
  if (used < liveAfterLast + budgetBytes) return;
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  if (!gc) return;
  gc();
  liveAfterLast = getHeapStatistics().used_heap_size;
}
