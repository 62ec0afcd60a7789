import { readFileSync } from 'node:fs';

/**
 * Peak RSS since exec, MB: VmHWM from /proc/self/status (the new address space's high-water mark).
 * Not ru_maxrss: Linux carries the parent's peak RSS into the child's over fork + exec, so a child
 * of a benchmark runner would report the runner's peak. Kept apart from lib.ts so that a measured
 * child loads nothing else.
 */
export function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
