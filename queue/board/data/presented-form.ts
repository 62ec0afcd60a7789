/**
 * A bot's item form as the bot presents it (`defineBot({ presentation })`): its fields with the
 * bank's labels, in its order, the one an error is about flagged with the reason; the input's other
 * fields (provenance, what the reader noted) kept as they are, never editable. Bots without a
 * presentation are edited through their whole schema form.
 */
import type { AnyBot, SourceRowView, WrongField } from '../../../bots/kit/index.js';
import { evidenceRel } from './evidence-files.js';
import { allFields, formOf, valueAt, type FormGroup } from './schema-form.js';

/**
 * The form a person edits an item of `bot` with; `details`: the error's, to flag the fields it is
 * about; `input`: the item's, for the images of its source shown beside the fields.
 */
export function itemForm(bot: AnyBot, details?: Record<string, unknown>, input?: unknown): FormGroup {
  const base = formOf(bot.input);
  const p = bot.presentation;
  if (!p) return base;
  const wrong: WrongField[] = details && p.wrongFields ? p.wrongFields(details) : [];
  const byPath = new Map(allFields(base).map((f) => [f.path.join('.'), f]));
  const images = input !== undefined && p.fieldEvidence ? p.fieldEvidence(input) : [];
  const items = p.fields.flatMap((v) => {
    const f = byPath.get(v.path);
    if (!f) return [];
    const flagged = wrong.filter((w) => w.path === v.path).map((w) => w.reason);
    const evidence = images.flatMap((i) => {
      const rel = i.path === v.path ? evidenceRel(i.image) : undefined;
      return rel ? [{ rel, caption: i.caption }] : [];
    });
    return [{ ...f, label: v.label, hint: v.hint ?? f.hint, ...(flagged.length ? { flagged: flagged.join('; ') } : {}), ...(evidence.length ? { evidence } : {}) }];
  });
  return { path: [], required: true, items };
}

/**
 * The item's input after a person's edit: for a presented form, the input as it was with the form's
 * fields set (or taken out, when emptied) and the bot's `afterEdit`; else what the form read.
 * `fresh`: a new item from the dispatch form (nothing before it).
 */
export function editedInput(bot: AnyBot, before: unknown, read: Record<string, unknown>, form: FormGroup, options: { fresh?: boolean } = {}): unknown {
  const p = bot.presentation;
  if (!p) return read;
  const after = structuredClone((before ?? {}) as Record<string, unknown>);
  for (const f of allFields(form)) {
    const v = valueAt(read, f.path);
    let o = after;
    for (const k of f.path.slice(0, -1)) o = (o[k] && typeof o[k] === 'object' ? o[k] : (o[k] = {})) as Record<string, unknown>;
    const last = f.path[f.path.length - 1]!;
    if (v === undefined) delete o[last];
    else o[last] = v;
  }
  // A new item (the dispatch form) has no earlier data to answer.
  return p.afterEdit && !options.fresh ? p.afterEdit(before, after) : after;
}

/** Where the item came from (its provenance fields, read-only) and its source row, as the bot presents them. */
export function provenanceOf(bot: AnyBot | undefined, input: unknown): { facts: { label: string; value: string }[]; row?: SourceRowView } {
  const p = bot?.presentation;
  if (!p || input === undefined) return { facts: [] };
  const facts = (p.provenance ?? []).flatMap((v) => {
    const value = valueAt(input, v.path.split('.'));
    return value === undefined || value === null ? [] : [{ label: v.label, value: typeof value === 'object' ? JSON.stringify(value) : String(value) }];
  });
  return { facts, row: p.sourceRow?.(input) };
}
