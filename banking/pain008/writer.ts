/**
 * Writes a pain.008 collection file from a stream of collections, holding no XML in memory:
 *
 * 1. Each collection's transaction goes, as one line, into a temporary file of its payment-information
 *    block (one block per scheme, sequence type, collection date and creditor account), while the
 *    blocks' counts and sums are added up (`Money`, exact).
 * 2. The file is assembled: the group header (its totals known now), then each block's header and its
 *    lines. With a schema, every block is validated as it is copied, a chunk of transactions at a
 *    time inside the real group header and block header. The pain.008 schemas have no identity
 *    constraints (no xs:key, xs:unique, ID/IDREF), so a document is valid exactly when each such
 *    chunk is. A problem names the element and the collection's end-to-end id; the file is not kept.
 *
 * Ids derive from the message id (the run's): blocks are `<messageId>-<n>`, numbered in the order
 * their first collection came, so the same collections in the same order write the same file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Money } from '../money.js';
import { BusinessRuleError } from '../rule-error.js';
import { BLOCK_CLOSE, blockOpen, DOCUMENT_CLOSE, documentOpen, groupHeader, transaction, type BlockHeader, type Pain008Entry, type Pain008Version } from './message.js';
import { SchemaInvalid, type XsdSchema } from './xsd-schema.js';

/** A collection file the writer refuses before writing it (ids, duplicates, too many blocks). */
export class CollectionFileRefused extends BusinessRuleError {
  override readonly whatNext = 'Correct the collections named and write the file again; nothing was written.';
}

export interface Pain008Options {
  version: Pain008Version;
  messageId: string;
  createdAt: Date;
  initiatingParty: string;
  /** The bank's XSD for `version`; without it the file is not checked against a schema (the result says so). */
  schema?: XsdSchema;
  /** Transactions per validated chunk (default 500). */
  chunk?: number;
  /** Most payment-information blocks in one file (default 500). */
  maxBlocks?: number;
}

export interface WrittenBlock {
  paymentInfoId: string;
  scheme: string;
  sequenceType: string;
  collectionDate: string;
  creditorIban: string;
  count: number;
  controlSum: string;
}

export interface WrittenPain008 {
  file: string;
  sha256: string;
  version: Pain008Version;
  messageId: string;
  count: number;
  controlSum: string;
  blocks: WrittenBlock[];
  /** The schema the file was validated against, or null: not checked against a schema. */
  schema: string | null;
}

interface OpenBlock {
  header: Omit<BlockHeader, 'count' | 'controlSum'>;
  count: number;
  sum: Money;
  part: string;
  out: WriteStream;
}

const MAX_ID = 35;

export async function writePain008(file: string, entries: AsyncIterable<Pain008Entry> | Iterable<Pain008Entry>, options: Pain008Options): Promise<WrittenPain008> {
  if (!options.messageId || options.messageId.length > MAX_ID) throw new CollectionFileRefused(`message id "${options.messageId.slice(0, 40)}" must be 1-${MAX_ID} characters`, { messageId: options.messageId });
  const maxBlocks = options.maxBlocks ?? 500;
  const parts = await mkdtemp(path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.parts-`));
  const blocks = new Map<string, OpenBlock>();
  const ids = new Set<string>();
  let total = Money.zero('EUR');
  let count = 0;
  try {
    // 1. Each transaction into its block's part.
    for await (const c of entries) {
      if (ids.has(c.endToEndId)) throw new CollectionFileRefused(`end-to-end id ${c.endToEndId} appears twice`, { endToEndId: c.endToEndId });
      ids.add(c.endToEndId);
      const key = [c.scheme, c.sequenceType, c.collectionDate, c.creditor.iban, c.creditor.creditorId].join('|');
      let block = blocks.get(key);
      if (!block) {
        if (blocks.size >= maxBlocks) throw new CollectionFileRefused(`the collections need more than ${maxBlocks} payment-information blocks`, { maxBlocks });
        const paymentInfoId = `${options.messageId.slice(0, MAX_ID - 5)}-${blocks.size + 1}`;
        const part = path.join(parts, `${blocks.size + 1}.xml`);
        block = { header: { paymentInfoId, scheme: c.scheme, sequenceType: c.sequenceType, collectionDate: c.collectionDate, creditor: c.creditor }, count: 0, sum: Money.zero('EUR'), part, out: createWriteStream(part) };
        blocks.set(key, block);
      }
      block.count++;
      block.sum = block.sum.plus(c.amount);
      total = total.plus(c.amount);
      count++;
      if (!block.out.write(transaction(options.version, c))) await new Promise<void>((r) => block!.out.once('drain', () => r()));
    }
    await Promise.all([...blocks.values()].map((b) => new Promise<void>((resolve, reject) => b.out.end((err?: Error | null) => (err ? reject(err) : resolve())))));
    if (count === 0) throw new CollectionFileRefused('there is no collection to write', {});

    // 2. The file: the header, then each block, validated as it is copied.
    const partial = `${file}.part`;
    const out = createWriteStream(partial);
    const hash = createHash('sha256');
    const put = async (text: string) => {
      hash.update(text);
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    };
    const open = documentOpen(options.version);
    const header = groupHeader({ messageId: options.messageId, createdAt: options.createdAt, initiatingParty: options.initiatingParty, count, controlSum: total });
    try {
      await put(open + header);
      for (const b of blocks.values()) {
        const blockHeader = blockOpen(options.version, { ...b.header, count: b.count, controlSum: b.sum });
        await put(blockHeader);
        let chunk: string[] = [];
        const check = async () => {
          if (options.schema) await validateChunk(options.schema, open + header + blockHeader, chunk, options.version);
          chunk = [];
        };
        for await (const line of createInterface({ input: createReadStream(b.part), crlfDelay: Infinity })) {
          const tx = `${line}\n`;
          await put(tx);
          chunk.push(tx);
          if (chunk.length >= (options.chunk ?? 500)) await check();
        }
        if (chunk.length) await check();
        await put(BLOCK_CLOSE);
      }
      await put(DOCUMENT_CLOSE);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      await rename(partial, file);
    } catch (err) {
      // Writes still queued fail once the stream is gone: their errors are this one's consequence.
      out.on('error', () => undefined);
      out.destroy();
      await rm(partial, { force: true });
      throw err;
    }
    return {
      file,
      sha256: hash.digest('hex'),
      version: options.version,
      messageId: options.messageId,
      count,
      controlSum: total.toString(),
      blocks: [...blocks.values()].map((b) => ({
        paymentInfoId: b.header.paymentInfoId,
        scheme: b.header.scheme,
        sequenceType: b.header.sequenceType,
        collectionDate: b.header.collectionDate,
        creditorIban: b.header.creditor.iban,
        count: b.count,
        controlSum: b.sum.toString(),
      })),
      schema: options.schema?.file ?? null,
    };
  } finally {
    for (const b of blocks.values()) {
      b.out.on('error', () => undefined);
      b.out.destroy();
    }
    await rm(parts, { recursive: true, force: true });
  }
}

/** Validates a chunk of transactions inside the real headers; a problem is thrown naming the collection and the element. */
async function validateChunk(schema: XsdSchema, head: string, lines: string[], version: Pain008Version): Promise<void> {
  const problems = await schema.validate(head + lines.join('') + BLOCK_CLOSE + DOCUMENT_CLOSE);
  if (!problems.length) return;
  const headLines = head.split('\n').length - 1;
  const first = problems[0]!;
  const tx = lines[first.line - headLines - 1];
  const endToEndId = tx ? /<EndToEndId>([^<]*)<\/EndToEndId>/.exec(tx)?.[1] : undefined;
  const where = endToEndId ? `collection ${endToEndId}` : 'the group or block header';
  throw new SchemaInvalid(`the ${version} file fails its schema at ${where}: ${first.message}`, {
    version,
    schema: schema.file,
    ...(endToEndId ? { endToEndId } : {}),
    problems: problems.slice(0, 5).map((p) => p.message),
  });
}
