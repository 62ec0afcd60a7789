/**
 * The workbook's sheet list (`xl/workbook.xml`: names, ids, relationship ids, the 1904 date system)
 * and its relationships (`xl/_rels/workbook.xml.rels`), read from the zip's central directory before
 * the sheets are streamed.
 *
 * Why: exceljs's streaming reader learns the sheet list only when it meets `xl/workbook.xml` in the
 * zip, which exceljs and other writers store last; on Node 18 and later its single streaming pass does
 * not reliably deliver that final entry before the worksheets are handed over, and it then fails with
 * "Cannot read properties of undefined (reading 'sheets')" (exceljs issue #3064). A valid payment
 * file was refused as damaged that way, under load. Given the list up front, the reader never lacks it.
 */
import { XMLParser } from 'fast-xml-parser';
import { XML_PARSER_OPTIONS } from '../formats/xml/safe-xml.js';
import { readZipEntry, type ZipEntry } from './zip-directory.js';

export interface WorkbookPart {
  /** In workbook order, as exceljs's model holds them. */
  sheets: { name: string; id: number; rId: string; state?: string }[];
  /** Targets relative to `xl/` (`worksheets/sheet1.xml`), as exceljs matches them. */
  rels: { Id: string; Target: string; Type: string }[];
  date1904: boolean;
}

/** The workbook's own parts are small; anything larger is not read here (exceljs reads it as before). */
const MAX_PART_BYTES = 4 * 1024 * 1024;
const parser = new XMLParser(XML_PARSER_OPTIONS);

type Node = Record<string, unknown>;
const children = (node: Node | undefined, name: string): Node[] => (Array.isArray(node?.[name]) ? (node![name] as Node[]) : []);
const attr = (node: Node, name: string): string | undefined => (typeof node[`@_${name}`] === 'string' ? (node[`@_${name}`] as string) : undefined);

async function xmlOf(file: string, entries: ZipEntry[], name: string): Promise<Node | undefined> {
  const entry = entries.find((e) => e.name === name);
  if (!entry) return undefined;
  const bytes = await readZipEntry(file, entry, MAX_PART_BYTES);
  const text = bytes?.toString('utf8');
  // A DOCTYPE has no business in a workbook part: such a part is left to exceljs, which refuses what it cannot read.
  if (!text || text.includes('<!DOCTYPE')) return undefined;
  try {
    return parser.parse(text) as Node;
  } catch {
    return undefined;
  }
}

/** The sheet list and relationships, or undefined when either part is missing or cannot be read. */
export async function readWorkbookPart(file: string, entries: ZipEntry[]): Promise<WorkbookPart | undefined> {
  const [wb, rels] = await Promise.all([xmlOf(file, entries, 'xl/workbook.xml'), xmlOf(file, entries, 'xl/_rels/workbook.xml.rels')]);
  const workbook = children(wb, 'workbook')[0];
  const relationships = children(rels, 'Relationships')[0];
  if (!workbook || !relationships) return undefined;
  const sheets = children(children(workbook, 'sheets')[0], 'sheet').flatMap((s) => {
    const name = attr(s, 'name');
    const rId = attr(s, 'id');
    const state = attr(s, 'state');
    return name && rId ? [{ name, id: Number(attr(s, 'sheetId') ?? 0), rId, ...(state ? { state } : {}) }] : [];
  });
  const relList = children(relationships, 'Relationship').flatMap((r) => {
    const Id = attr(r, 'Id');
    const target = attr(r, 'Target');
    return Id && target ? [{ Id, Target: target.replace(/^\/?xl\//, ''), Type: attr(r, 'Type') ?? '' }] : [];
  });
  const pr = children(workbook, 'workbookPr')[0];
  const date1904 = pr ? ['1', 'true'].includes(attr(pr, 'date1904') ?? '') : false;
  return sheets.length ? { sheets, rels: relList, date1904 } : undefined;
}
