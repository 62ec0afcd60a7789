/**
 * Templates from YAML files: the built-in ones (extractors/pdf/templates/*.yaml) and any folder a
 * deployment adds. Each file is validated when loaded; a bad file names itself and its problems.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PdfTemplateInvalid } from './errors.js';
import { compileTemplate, type CompiledTemplate, type StatementTemplate } from './template.js';

export const BUILT_IN_TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export function loadTemplateFile(file: string): CompiledTemplate {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PdfTemplateInvalid(`statement template ${file} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  return compileTemplate(data, file);
}

/** Every `*.yaml` / `*.yml` in a folder, in name order; two templates of one name are an error. */
export function loadTemplateDir(dir: string): CompiledTemplate[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  return uniqueNames(files.map((f) => loadTemplateFile(path.join(dir, f))));
}

let builtIns: CompiledTemplate[] | undefined;

/** The templates shipped with the reader (loaded once). */
export function builtInTemplates(): CompiledTemplate[] {
  builtIns ??= loadTemplateDir(BUILT_IN_TEMPLATES_DIR);
  return builtIns;
}

/** Templates given as objects, compiled ones, or none (the built-ins). */
export function resolveTemplates(given?: readonly (StatementTemplate | CompiledTemplate)[]): CompiledTemplate[] {
  if (!given) return builtInTemplates();
  return uniqueNames(given.map((t, i) => (isCompiled(t) ? t : compileTemplate(t, `#${i + 1} (${String((t as { name?: unknown }).name ?? 'unnamed')})`))));
}

function isCompiled(t: StatementTemplate | CompiledTemplate): t is CompiledTemplate {
  return 'requiredColumns' in t;
}

function uniqueNames(list: CompiledTemplate[]): CompiledTemplate[] {
  const seen = new Map<string, string>();
  for (const t of list) {
    const other = seen.get(t.name);
    if (other !== undefined) throw new PdfTemplateInvalid(`two statement templates are named "${t.name}": ${other} and ${t.source}`);
    seen.set(t.name, t.source);
  }
  return list;
}
