/** Small text helpers for the pages: links to our own routes (ids always encoded), ages, sizes. */

/** Links built from data always go to our own routes, with the data encoded as one path segment or query value. */
export const href = {
  item: (id: string) => `/items/${encodeURIComponent(id)}`,
  run: (id: string, params: Record<string, string | number | undefined> = {}) => withQuery(`/runs/${encodeURIComponent(id)}`, params),
  exception: (id: string) => `/exceptions/${encodeURIComponent(id)}`,
  night: (id: string) => `/nights/${encodeURIComponent(id)}`,
  evidence: (rel: string, download = false) => withQuery('/evidence', { file: rel, download: download ? '1' : undefined }),
  search: (q: string) => withQuery('/search', { q }),
  inbox: (params: Record<string, string | number | undefined> = {}) => withQuery('/inbox', params),
};

export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function formatAge(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Query parameters for paging: `offset` (from 0) and `limit` (1..200, default 50). */
export function paging(query: (k: string) => string | undefined, defaultLimit = 50): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(Number(query('offset')) || 0));
  const limit = Math.min(200, Math.max(1, Math.floor(Number(query('limit')) || defaultLimit)));
  return { offset, limit };
}
