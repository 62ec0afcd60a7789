/**
 * Bytes to an XML tree, safely, with fast-xml-parser:
 *
 * 1. binary content and empty files are refused; the text is decoded by its byte-order mark, else
 *    its XML declaration's encoding, else strictly as UTF-8;
 * 2. a DOCTYPE that declares entities or names an external DTD is refused before any parsing
 *    (billion laughs, external entities): ISO 20022 messages never have one;
 * 3. XMLValidator checks well-formedness (fast-xml-parser's parser alone accepts a truncated or
 *    mismatched document and silently drops content), so a cut-off file is an error naming the line;
 * 4. the parser builds the tree: namespace prefixes removed, every element a list, text kept as
 *    text (never converted to numbers), entities limited.
 *
 * The message's namespace is read from the `Document` element's start tag (the parser drops
 * `xmlns` attributes). A namespace declared with a miscased attribute (`Xmlns=`, seen in real
 * pain.002 files) is accepted with a warning.
 */
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { BankFileMalformed, NotABankFile, UnsafeXml } from '../errors.js';
import type { SourceBytes } from '../source.js';
import { bomOf, decodeDeclared, refuseBinaryOrEmpty, type TextEncoding } from '../text.js';
import type { XmlNode } from './node.js';

export interface XmlDocument {
  /** The ISO 20022 `Document` element (inside an envelope if there is one). */
  document: XmlNode;
  /** The namespace of `Document` ('' when it has none). */
  namespace: string;
  encoding: TextEncoding;
  warnings: string[];
}

/** The parser's options (exported for the benchmark's baseline: the same parse, nothing else). */
export const XML_PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
  // DOCTYPE entities are refused before parsing; should one get through, it may not expand. The
  // predefined and numeric references (&amp; &#233;) are not limited.
  // (`appliesTo` is read by fast-xml-parser 5.12 but missing from its type declarations.)
  processEntities: { enabled: true, maxEntityCount: 1, maxEntitySize: 1, maxExpandedLength: 1, maxTotalExpansions: 1, appliesTo: 'external' } as X2jOptions['processEntities'],
  maxNestedTags: 64,
  // Callbacks get a matcher, not a path string: building the string for every element costs a quarter of the parse.
  jPath: false,
};

const parser = new XMLParser(XML_PARSER_OPTIONS);

function decode(src: SourceBytes): { text: string; encoding: TextEncoding } {
  const bom = bomOf(src.bytes);
  if (bom) return decodeDeclared(src.bytes.subarray(bom.length), bom.encoding, src.file, 'its byte-order mark');
  const head = src.bytes.subarray(0, 256).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  return declared
    ? decodeDeclared(src.bytes, declared, src.file, `its XML declaration (encoding="${declared}")`)
    : decodeDeclared(src.bytes, 'utf-8', src.file, 'XML without an encoding declaration (UTF-8 by default)');
}

function refuseUnsafeDoctype(text: string, file: string): void {
  const rootStart = text.search(/<[A-Za-z_]/);
  const prolog = rootStart < 0 ? text : text.slice(0, rootStart);
  const doctype = prolog.indexOf('<!DOCTYPE');
  if (doctype < 0) return;
  const decl = prolog.slice(doctype);
  if (/<!ENTITY/.test(decl)) {
    throw new UnsafeXml({ file, problem: 'unsafe-xml', reason: 'the XML declares entities in a DOCTYPE (an XML bomb or external-entity attack); it is not parsed' });
  }
  if (/\b(SYSTEM|PUBLIC)\b/.test(decl)) {
    throw new UnsafeXml({ file, problem: 'unsafe-xml', reason: 'the XML names an external DTD in its DOCTYPE; it is not parsed' });
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function refuseMalformed(text: string, file: string): void {
  const result = XMLValidator.validate(text);
  if (result === true) return;
  const { code, msg, line, col } = result.err;
  const cutOff = (code === 'InvalidTag' && /^Unclosed tag/.test(msg)) || (code === 'InvalidXml' && /^Invalid '\[/.test(msg)) || line >= lineCount(text);
  throw new BankFileMalformed({
    file,
    problem: cutOff ? 'truncated' : 'syntax',
    reason: cutOff ? `the XML ends before its elements are closed: the file is truncated or malformed (${msg})` : `the XML is malformed: ${msg}`,
    where: `line ${line}, column ${col}`,
  });
}

/** Finds the namespace of the first `Document` start tag (by prefix), tolerating `Xmlns=`. */
function documentNamespace(text: string, warnings: string[], file: string): string {
  const tag = /<(?:([A-Za-z_][\w.-]*):)?Document\b([^>]*)>/.exec(text);
  if (!tag) return '';
  const attr = tag[1] ? `xmlns:${tag[1]}` : 'xmlns';
  const attrs = [...tag[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => ({ name: m[1]!, value: m[2] ?? m[3] ?? '' }));
  const exact = attrs.find((a) => a.name === attr);
  if (exact) return exact.value;
  const miscased = attrs.find((a) => a.name.toLowerCase() === attr.toLowerCase());
  if (miscased) {
    warnings.push(`${file}: the namespace is declared with "${miscased.name}=" instead of "${attr}="; read as ${miscased.value}`);
    return miscased.value;
  }
  if (tag[1]) return '';
  // Default namespace declared on an enclosing element (an envelope).
  const outer = /<[A-Za-z_][\w.:-]*\s[^>]*?\bxmlns\s*=\s*"([^"]*urn:iso:std:iso:20022:tech:xsd:[^"]*)"/.exec(text.slice(0, tag.index));
  return outer?.[1] ?? '';
}

function findDocument(tree: XmlNode): XmlNode | undefined {
  const direct = (tree.Document as XmlNode[] | undefined)?.[0];
  if (direct) return direct;
  for (const [k, v] of Object.entries(tree)) {
    if (k.startsWith('@_') || k === '#text' || !Array.isArray(v)) continue;
    for (const child of v) {
      const found = findDocument(child);
      if (found) return found;
    }
  }
  return undefined;
}

export function parseXml(src: SourceBytes, what: string): XmlDocument {
  refuseBinaryOrEmpty(src.bytes, src.file, what);
  const { text, encoding } = decode(src);
  if (!/^\s*</.test(text)) throw new NotABankFile({ file: src.file, problem: 'not-this-format', reason: `the file is not XML, so not a ${what} message` });
  refuseUnsafeDoctype(text, src.file);
  refuseMalformed(text, src.file);
  let tree: XmlNode;
  try {
    tree = parser.parse(text) as XmlNode;
  } catch (e) {
    throw new BankFileMalformed({ file: src.file, problem: 'syntax', reason: `the XML cannot be parsed: ${(e as Error).message}`, cause: e });
  }
  const document = findDocument(tree);
  if (!document) throw new NotABankFile({ file: src.file, problem: 'not-this-format', reason: `the XML has no ISO 20022 Document element, so it is not a ${what} message` });
  const warnings: string[] = [];
  return { document, namespace: documentNamespace(text, warnings, src.file), encoding, warnings };
}
