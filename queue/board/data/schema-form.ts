/**
 * A form for a bot's input, generated from its own zod schema (through zod's JSON Schema): one
 * field per leaf, named by its dotted path under `in.` (`in.instruction.beneficiaryName`).
 * Strings, numbers and booleans get inputs, enums a select; anything else (arrays, maps, unions)
 * a JSON text area. The form's values are read back into an object and checked by the same
 * schema, so every error names the field it belongs to.
 */
import { z } from 'zod';

export const FIELD_PREFIX = 'in.';

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface FormField {
  /** Path in the input object. */
  path: string[];
  /** The form field's name: `in.` + the dotted path. */
  name: string;
  kind: FieldKind;
  required: boolean;
  options?: string[];
  /** A hint from the schema: a format, a length limit (or the bot's own, see presented-form.ts). */
  hint?: string;
  defaultValue?: unknown;
  /** The bank's label for it, when the bot presents its fields; else its name in the schema. */
  label?: string;
  /** Why the item's error is about this field: shown on it, before any edit. */
  flagged?: string;
  /** Images of the source beside the field (evidence paths for the evidence route), with what they show. */
  evidence?: { rel: string; caption: string }[];
}

export interface FormGroup {
  /** Path of the object these fields belong to ([] for the top level). */
  path: string[];
  required: boolean;
  /** Its fields and nested groups, in the schema's order. */
  items: (FormField | FormGroup)[];
}

export const isGroup = (x: FormField | FormGroup): x is FormGroup => 'items' in x;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
};

const formCache = new WeakMap<z.ZodType, FormGroup>();

/** The form of a schema (cached per schema object). */
export function formOf(schema: z.ZodType): FormGroup {
  let form = formCache.get(schema);
  if (!form) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    form = json.type === 'object' && json.properties ? group(json, [], true) : { path: [], required: true, items: [leaf(json, [], true)] };
    formCache.set(schema, form);
  }
  return form;
}

function group(schema: JsonSchema, path: string[], required: boolean): FormGroup {
  const req = new Set(schema.required ?? []);
  const items = Object.entries(schema.properties ?? {}).map(([key, prop]) =>
    prop.type === 'object' && prop.properties && Object.keys(prop.properties).length ? group(prop, [...path, key], req.has(key)) : leaf(prop, [...path, key], req.has(key)),
  );
  return { path, required, items };
}

function leaf(schema: JsonSchema, path: string[], required: boolean): FormField {
  const name = FIELD_PREFIX + (path.length ? path.join('.') : '_');
  const base = { path, name, required, defaultValue: schema.default };
  if (schema.enum && schema.enum.every((v) => typeof v === 'string')) return { ...base, kind: 'enum', options: schema.enum as string[] };
  const hints = [schema.format, schema.minLength !== undefined && `at least ${schema.minLength}`, schema.maxLength !== undefined && `at most ${schema.maxLength} characters`].filter(Boolean);
  const hint = hints.length ? hints.join(', ') : undefined;
  switch (schema.type) {
    case 'string':
      return { ...base, kind: 'text', hint };
    case 'integer':
      return { ...base, kind: 'integer' };
    case 'number':
      return { ...base, kind: 'number' };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      return { ...base, kind: 'json', hint: 'JSON' };
  }
}

export function allFields(g: FormGroup): FormField[] {
  return g.items.flatMap((x) => (isGroup(x) ? allFields(x) : [x]));
}

/** The value at a path of an input object. */
export function valueAt(input: unknown, path: string[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** What a field shows for a value (JSON fields: indented JSON). */
export function fieldText(field: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : String(value);
}

export type FormErrors = Record<string, string[]>;

/** The form's values as an input object; `errors` holds values that could not even be read (a number, JSON). */
export function readForm(form: FormGroup, body: Record<string, unknown>): { input: Record<string, unknown>; errors: FormErrors } {
  const input: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const f of allFields(form)) {
    const raw = body[f.name];
    const text = typeof raw === 'string' ? raw : '';
    let value: unknown;
    if (f.kind === 'boolean') value = text === 'true' || text === 'on' ? true : f.required ? false : undefined;
    else if (text.trim() === '') value = undefined;
    else if (f.kind === 'number' || f.kind === 'integer') {
      const n = Number(text.trim());
      if (Number.isFinite(n)) value = n;
      else (errors[f.name] ??= []).push('not a number');
    } else if (f.kind === 'json') {
      try {
        value = JSON.parse(text);
      } catch (e) {
        (errors[f.name] ??= []).push(`not valid JSON: ${(e as Error).message}`);
      }
    } else value = text;
    if (value !== undefined) setAt(input, f.path.length ? f.path : ['_'], value);
  }
  const only = form.items.length === 1 ? form.items[0] : undefined;
  const single = only !== undefined && !isGroup(only) && only.path.length === 0;
  return { input: single ? (input._ as Record<string, unknown>) : input, errors };
}

function setAt(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

/**
 * Checks an input object with the schema. Errors are keyed by the field name they belong to; an
 * error about a whole object (a missing group) goes to its first field; `''` holds the rest.
 */
export function checkWithSchema(schema: z.ZodType, form: FormGroup, input: unknown): { ok: true; data: unknown } | { ok: false; errors: FormErrors } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const names = new Set(allFields(form).map((f) => f.name));
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const dotted = issue.path.map(String).join('.');
    let name = FIELD_PREFIX + (dotted || '_');
    if (!names.has(name)) name = allFields(form).find((f) => f.name.startsWith(`${name}.`))?.name ?? '';
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path.map(String)) === undefined;
    const message = missing ? 'required' : issue.message;
    (errors[name] ??= []).push(dotted && !names.has(FIELD_PREFIX + dotted) ? `${dotted}: ${message}` : message);
  }
  return { ok: false, errors };
}

/** Errors of reading a form and of checking it, by field: a value that could not be read says so, not that it is missing. */
export function mergeErrors(read: FormErrors, checked: FormErrors): FormErrors {
  const out: FormErrors = { ...checked };
  for (const [name, msgs] of Object.entries(read)) out[name] = msgs;
  return out;
}

/** The texts typed into the fields (to show them again next to their errors). */
export function typedValues(form: FormGroup, body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of allFields(form)) if (typeof body[f.name] === 'string') out[f.name] = body[f.name] as string;
  return out;
}
