/**
 * extractors/input — what every reader does with a file before reading it:
 *
 *   readBounded(path, maxBytes)   // the whole file, refused by its size before it is read (DocumentTooLarge)
 *   identifyFile(path)            // what kind of file it is, in words: "a camt.053 bank statement (ISO 20022 XML)"
 *   unzipBounded(zip, dir, limits) // a ZIP's files written out within limits on count and size (ArchiveUnreadable)
 */
export { readBounded, DocumentTooLarge, DocumentUnreadable, type BoundedFile } from './read-bounded.js';
export { identifyFile, identifyBytes, type FileKind, type IdentifiedFile } from './identify-file.js';
export { unzipBounded, ArchiveUnreadable, type UnzipLimits, type UnzippedFile } from './unzip-bounded.js';
