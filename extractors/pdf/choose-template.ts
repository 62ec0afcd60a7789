/**
 * Which template reads this statement: those whose identifying keywords all appear on the first
 * page with text, most keywords first, and of those the first whose table header is on a page.
 * None: `PdfLayoutUnknown` saying, for every template tried, what was missing.
 */
import { PdfLayoutUnknown } from './errors.js';
import { HeaderMatcher, type HeaderColumn } from './layout/columns.js';
import type { TextLine } from './layout/lines.js';
import type { CompiledTemplate } from './template.js';

export interface ChosenTemplate {
  template: CompiledTemplate;
  matcher: HeaderMatcher;
}

/** The header columns when the line is the template's table header (all required columns named), else undefined. */
export function headerOf(line: TextLine, template: CompiledTemplate, matcher: HeaderMatcher): HeaderColumn[] | undefined {
  const found = matcher.match(line);
  if (found.length < template.requiredColumns.length) return undefined;
  return template.requiredColumns.every((k) => found.some((c) => c.key === k)) ? found : undefined;
}

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

export function chooseTemplate(pages: readonly TextLine[][], templates: readonly CompiledTemplate[], file: string): ChosenTemplate {
  const first = pages.find((p) => p.length > 0) ?? [];
  const text = squash(first.map((l) => l.text).join('\n'));
  const tried: string[] = [];
  const candidates = templates
    .map((template) => ({ template, missing: template.keywords.filter((k) => !text.includes(squash(k))) }))
    .filter(({ template, missing }) => {
      if (missing.length) tried.push(`${template.name}: no ${missing.map((k) => `"${k}"`).join(', ')} on the first page`);
      return missing.length === 0;
    })
    .sort((a, b) => b.template.keywords.length - a.template.keywords.length);
  for (const { template } of candidates) {
    const matcher = new HeaderMatcher(template.columns);
    if (pages.some((p) => p.some((l) => headerOf(l, template, matcher)))) return { template, matcher };
    tried.push(`${template.name}: keywords found, but no table header naming ${template.requiredColumns.map((k) => columnNames(template, k)).join(', ')}`);
  }
  throw new PdfLayoutUnknown(
    templates.length === 0
      ? `${file}: no statement templates to try`
      : `${file}: no statement template fits this document (tried ${templates.length}: ${tried.join('; ')})`,
    { file, tried },
  );
}

function columnNames(t: CompiledTemplate, key: string): string {
  const names = t.columns.find((c) => c.key === key)?.names ?? [key];
  return names.map((n) => `"${n}"`).join('/');
}
