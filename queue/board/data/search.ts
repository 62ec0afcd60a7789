/** Search by business key across all queues: the exact key (a set per key), then keys that start with the text (a lexical index). */
import type { ExceptionRecord } from '../../exceptions-store.js';
import type { ItemRecord } from '../../item-index.js';
import type { Runtime } from '../../runtime.js';

export interface SearchResult {
  query: string;
  exact: ItemRecord[];
  /** Items whose key starts with the text (other than the exact ones), at most `limit`. */
  prefix: ItemRecord[];
  /** The open exceptions of the items found, by item id. */
  openExceptions: Map<string, ExceptionRecord>;
  /** The text is an item id, a run id or an exception id: where it leads. */
  direct?: { kind: 'item' | 'run' | 'exception'; id: string };
}

export async function searchItems(rt: Runtime, text: string, limit = 50): Promise<SearchResult> {
  const query = text.trim().slice(0, 200);
  const empty: SearchResult = { query, exact: [], prefix: [], openExceptions: new Map() };
  if (!query) return empty;
  const [exact, prefixed, asItem, asRun, asException] = await Promise.all([
    rt.items.findByBusinessKey(query),
    rt.items.searchByPrefix(query, limit + 10),
    rt.items.get(query),
    rt.runIndex.runStartedAt(query),
    query.startsWith('exc-') ? rt.exceptions.get(query).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const exactIds = new Set(exact.map((i) => i.itemId));
  const prefix = prefixed.filter((i) => !exactIds.has(i.itemId)).slice(0, limit);
  const withExc = [...exact, ...prefix].filter((i) => i.status === 'exception' && i.exceptionId);
  const excs = await rt.exceptions.getMany(withExc.map((i) => i.exceptionId!));
  // A run's parent item has the run's id: the run is what is meant.
  const direct: SearchResult['direct'] = asRun !== undefined ? { kind: 'run', id: query } : asItem ? { kind: 'item', id: query } : asException ? { kind: 'exception', id: query } : undefined;
  return { query, exact, prefix, openExceptions: new Map(excs.filter((e) => e.status === 'open').map((e) => [e.itemId, e])), direct };
}
