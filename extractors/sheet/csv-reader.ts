/**
 * CSV rows, streamed: file → iconv-lite decoder → csv-parse. Rows are numbered as Excel would show
 * them (record number, blank lines included); quoted fields may span lines.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { detectDelimiter, type DelimiterChoice } from './delimiter.js';
import { chooseEncoding, decodeSample, decodeStream } from './encoding.js';
import { errorText, SheetFileError } from './errors.js';
import type { RawRow, RowSource } from './row-source.js';
import type { FileInspection } from './inspect-file.js';
import type { CsvDelimiter, CsvEncoding, ResolvedSpec } from './spec.js';
import type { SheetFinding, SheetSummary } from './types.js';

export function openCsv(file: string, encoding: CsvEncoding, delimiter: CsvDelimiter): RowSource {
  const parser: Parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: false, // the decoder strips it
    // One record (a row) of more than 1 MB is no payment: an unclosed quote in a hostile or broken file.
    max_record_size: 1 << 20,
  });
  const input = createReadStream(file);
  pipeline(input, decodeStream(encoding), parser, () => undefined /* errors surface through the parser */);

  async function* rows(): AsyncGenerator<RawRow> {
    let n = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        n++;
        yield { number: n, cells: record.map((c) => c) };
      }
    } catch (err) {
      throw new SheetFileError({
        file,
        code: 'corrupt-csv',
        reason: `the CSV text cannot be read after row ${n} (${errorText(err)})`,
        whatNext: 'Open the file in a text editor at that row and fix the quoting, or ask the sender to export it again.',
        cause: err,
      });
    } finally {
      input.destroy();
      parser.destroy();
    }
  }

  return {
    sheet: 'csv',
    rows: rows(),
    close: () => {
      input.destroy();
      parser.destroy();
    },
  };
}

export interface CsvPlan {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  meta: Pick<SheetSummary, 'encoding' | 'encodingSource' | 'delimiter' | 'delimiterSource'>;
  findings: SheetFinding[];
}

/** Encoding and delimiter: declared in the spec, or detected from the bytes and the first lines. */
export function planCsv(insp: FileInspection, spec: ResolvedSpec): CsvPlan {
  const enc = chooseEncoding(insp, spec.csv.encoding);
  const findings: SheetFinding[] = [];
  if (enc.source === 'declared' && enc.bom && enc.bom !== enc.encoding) {
    findings.push({
      code: 'encoding-declared-over-bom',
      message: `the file starts with a ${enc.bom} byte-order mark but ${enc.encoding} was declared; read as ${enc.encoding}`,
    });
  }
  const delim: DelimiterChoice = spec.csv.delimiter
    ? { delimiter: spec.csv.delimiter, source: 'declared' }
    : detectDelimiter(decodeSample(insp.head, enc.encoding, insp.size <= insp.head.length));
  return {
    encoding: enc.encoding,
    delimiter: delim.delimiter,
    meta: { encoding: enc.encoding, encodingSource: enc.source, delimiter: delim.delimiter, delimiterSource: delim.source },
    findings,
  };
}
