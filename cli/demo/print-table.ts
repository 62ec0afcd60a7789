/** A plain text table for the terminal. */
export function printTable(rows: Record<string, string>[], out: NodeJS.WritableStream = process.stdout): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length))]));
  const line = (r: Record<string, string>) => cols.map((c) => (r[c] ?? '').padEnd(width[c]!)).join('  ').trimEnd();
  out.write('\n' + line(Object.fromEntries(cols.map((c) => [c, c]))) + '\n');
  out.write(cols.map((c) => '-'.repeat(width[c]!)).join('  ') + '\n');
  for (const r of rows) out.write(line(r) + '\n');
}
