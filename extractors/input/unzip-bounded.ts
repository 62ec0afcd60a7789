/**
 * A ZIP archive's files, written out one by one into a folder of ours, within limits set before a
 * byte is inflated: how many files, how large each, how large all together. Entry names are never
 * used as paths (a name with `..` or a leading `/` cannot leave the folder): each file is saved as
 * `<index>-<base name>`. yauzl checks each entry's real size against the size its header declares,
 * so an archive that lies about its sizes (a ZIP bomb) is refused while it is read.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { BusinessRuleError } from '../../banking/index.js';
import { DocumentTooLarge } from './read-bounded.js';

/** An archive that cannot be read as a ZIP (damaged, encrypted, cut short). */
export class ArchiveUnreadable extends BusinessRuleError {
  override readonly whatNext = 'Make the ZIP again from the original files (unencrypted) and send it again; nothing of it was processed.';
}

export interface UnzipLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Which entries to write out (by name); the others are passed over. */
  wanted?(name: string): boolean;
}

export interface UnzippedFile {
  /** The entry's name in the archive (`scans/form-003.tif`), for people. */
  name: string;
  /** Where it was written. */
  path: string;
  bytes: number;
}

const open = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip))));

const readStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))));

/** Folders, dot files and the resource forks a Mac adds are never forms. */
const skipped = (name: string) => name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');

/** Writes the wanted files of `file` into `dir`, in archive order; refuses the archive whole when a limit is crossed. */
export async function unzipBounded(file: string, dir: string, limits: UnzipLimits): Promise<UnzippedFile[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(file);
  } catch (err) {
    throw new ArchiveUnreadable(`${path.basename(file)} is not a readable ZIP archive: ${(err as Error).message}`, { file }, { cause: err });
  }
  await mkdir(dir, { recursive: true });
  const out: UnzippedFile[] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const name = entry.fileName.replace(/\\/g, '/');
          if (skipped(name) || (limits.wanted && !limits.wanted(name))) return zip.readEntry();
          if (out.length >= limits.maxFiles) throw new DocumentTooLarge(`${path.basename(file)} holds more than ${limits.maxFiles} files; the limit is ${limits.maxFiles}`, { file, limit: limits.maxFiles });
          if (entry.uncompressedSize > limits.maxFileBytes) {
            throw new DocumentTooLarge(`${name} in ${path.basename(file)} is ${entry.uncompressedSize} bytes; the limit is ${limits.maxFileBytes} bytes`, { file, entry: name, limit: limits.maxFileBytes });
          }
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) throw new DocumentTooLarge(`${path.basename(file)} unpacks to over ${limits.maxTotalBytes} bytes; the limit is ${limits.maxTotalBytes} bytes`, { file, limit: limits.maxTotalBytes });
          if (entry.isEncrypted()) throw new ArchiveUnreadable(`${name} in ${path.basename(file)} is encrypted`, { file, entry: name });
          const target = path.join(dir, `${String(out.length + 1).padStart(4, '0')}-${path.basename(name).replace(/[^\w.-]+/g, '_')}`);
          await pipeline(await readStream(zip, entry), createWriteStream(target, { flags: 'wx' }));
          out.push({ name, path: target, bytes: entry.uncompressedSize });
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    if (err instanceof BusinessRuleError) throw err;
    throw new ArchiveUnreadable(`${path.basename(file)} could not be unpacked: ${(err as Error).message}`, { file }, { cause: err });
  }
  return out;
}
