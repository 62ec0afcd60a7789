/**
 * Reading the tree that `safe-xml.ts` builds: every element is a list (so repeated elements need no
 * special case), its text is `#text`, its attributes `@_name`. Paths for provenance and errors are
 * written as `BkToCstmrStmt/Stmt[1]/Ntry[3]` (1-based, as XPath).
 */
import { BankFileMalformed } from '../errors.js';

export interface XmlNode {
  [name: string]: XmlNode[] | string | undefined;
}

export function kids(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? v : [];
}

/** The first element along a path of names: `kid(n, 'Acct', 'Id', 'IBAN')`. */
export function kid(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let n = node;
  for (const name of path) {
    n = kids(n, name)[0];
    if (!n) return undefined;
  }
  return n;
}

/** The text of the element at a path ('' for an empty element), or undefined when it is absent. */
export function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const n = kid(node, ...path);
  if (!n) return undefined;
  const t = n['#text'];
  return typeof t === 'string' ? t : '';
}

/** Like `text`, but '' and whitespace count as absent. */
export function given(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const t = text(node, ...path)?.trim();
  return t ? t : undefined;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

export interface XmlContext {
  file: string;
}

/** The text at a path below `node`, or a `BankFileMalformed` naming the missing element and where. */
export function required(ctx: XmlContext, node: XmlNode, where: string, ...path: string[]): string {
  const t = given(node, ...path);
  if (t === undefined) {
    throw new BankFileMalformed({ file: ctx.file, problem: 'missing-element', reason: `the required element ${path.join('/')} is missing or empty`, where });
  }
  return t;
}
