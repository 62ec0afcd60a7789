/**
 * Prometheus text exposition (format 0.0.4), written by hand: a family is a name, a help line, a type
 * and its samples with labels. Label values are escaped as the format says (backslash, quote, newline).
 */
export type MetricType = 'gauge' | 'counter' | 'histogram';

export interface Sample {
  labels?: Record<string, string>;
  value: number;
  /** A suffix of the family's name (`_bucket`, `_sum`, `_count` of a histogram). */
  suffix?: string;
}

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const number = (n: number) => (Number.isNaN(n) ? 'NaN' : n === Infinity ? '+Inf' : n === -Infinity ? '-Inf' : String(n));

export function exposition(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = s.labels && Object.keys(s.labels).length ? `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
      out.push(`${f.name}${s.suffix ?? ''}${labels} ${number(s.value)}`);
    }
  }
  return out.join('\n') + '\n';
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
