import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, now. V8 lets garbage that lived a little while (job data waiting for
 * Redis's replies) pile up in the old generation until a limit that grows with the heap: dispatching
 * 200,000 items holds some 50 MB of live data but reached 550 MB of RSS. Long bulk work (a run's
 * dispatch) calls this every so many items to keep its peak near its live size. Reached through V8's
 * own `gc` (the `--expose-gc` flag set at run time, the function taken from a fresh context); if that
 * is not possible, it does nothing.
 */
let gc: (() => void) | null | undefined;

export function reclaimHeap(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
