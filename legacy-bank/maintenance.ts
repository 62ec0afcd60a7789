/**
 * End-of-day maintenance windows: "HH:MM-HH:MM" in local time, end exclusive, may wrap midnight.
 */
import type { MaintenanceOptions } from './options.js';

interface Window {
  start: number; // minutes after midnight
  end: number;
  text: string;
}

function parseWindow(text: string): Window {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`maintenance window must be "HH:MM-HH:MM": ${text}`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]), text };
}

function contains(w: Window, minute: number): boolean {
  if (w.start === w.end) return false;
  return w.start < w.end ? minute >= w.start && minute < w.end : minute >= w.start || minute < w.end;
}

export interface MaintenanceStatus {
  active: boolean;
  /** "HH:MM" local time at which the current window ends (absent for `now: true`). */
  until?: string;
}

export function maintenanceStatus(options: MaintenanceOptions, at: Date): MaintenanceStatus {
  if (options.now) return { active: true };
  const minute = at.getHours() * 60 + at.getMinutes();
  for (const text of options.windows) {
    const w = parseWindow(text);
    if (contains(w, minute)) return { active: true, until: text.slice(6) };
  }
  return { active: false };
}
