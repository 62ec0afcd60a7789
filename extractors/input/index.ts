/**
 * extractors/input — what every reader does with a file before reading it:
 *
 *   readBounded(path, maxBytes)   // the whole file, refused by its size before it is read (DocumentTooLarge)
 *   identifyFile(path)            // what kind of file it is, in words: "a camt.053 bank statement (ISO 20022 XML)"
 */
export { readBounded, DocumentTooLarge, DocumentUnreadable, type BoundedFile } from './read-bounded.js';
export { identifyFile, identifyBytes, type FileKind, type IdentifiedFile } from './identify-file.js';
