/**
 * An XSD a bank publishes for the files it accepts, loaded once into libxml2 (WebAssembly: no native
 * build, no Java) and used to validate documents given as text. Problems come back as lines and
 * libxml2's messages, for the caller to name the element and the collection.
 */
import { readFile } from 'node:fs/promises';
import type { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { BusinessRuleError, RpaError } from '../rule-error.js';

/** A schema file that cannot be read or is no XSD: a configuration problem. */
export class SchemaUnusable extends RpaError {
  readonly whatNext = 'Check the configured XSD path (the bank\'s published schema for this message version) and that the file is the schema itself.';
}

export interface SchemaProblem {
  line: number;
  message: string;
}

export class XsdSchema {
  private constructor(
    readonly file: string,
    private readonly lib: typeof import('libxml2-wasm'),
    private readonly doc: XmlDocument,
    private readonly validator: XsdValidator,
  ) {}

  static async load(file: string): Promise<XsdSchema> {
    // Loaded when a schema is: a process that validates nothing does not carry libxml2.
    const lib = await import('libxml2-wasm');
    let doc: XmlDocument | undefined;
    try {
      doc = lib.XmlDocument.fromBuffer(await readFile(file), { url: file });
      return new XsdSchema(file, lib, doc, lib.XsdValidator.fromDoc(doc));
    } catch (err) {
      doc?.dispose();
      throw new SchemaUnusable(`the XSD ${file} cannot be used: ${(err as Error).message.slice(0, 300)}`, { cause: err });
    }
  }

  /** The problems of `xml` against the schema (none: valid). A document that is not even well-formed is one problem. */
  validate(xml: string): SchemaProblem[] {
    let doc: XmlDocument;
    try {
      doc = this.lib.XmlDocument.fromString(xml);
    } catch (err) {
      const details = (err as { details?: { line?: number; message: string }[] }).details ?? [];
      return details.length ? details.map((d) => ({ line: d.line ?? 0, message: d.message.trim() })) : [{ line: 0, message: (err as Error).message }];
    }
    try {
      this.validator.validate(doc);
      return [];
    } catch (err) {
      if (err instanceof this.lib.XmlValidateError) return err.details.map((d) => ({ line: d.line ?? 0, message: d.message.trim() }));
      throw err;
    } finally {
      doc.dispose();
    }
  }

  dispose(): void {
    this.validator.dispose();
    this.doc.dispose();
  }
}

/** A document that fails its schema: never sent. Names the element and, where known, the collection. */
export class SchemaInvalid extends BusinessRuleError {
  override readonly whatNext = 'Correct the collection named (the element and libxml2\'s reason are given) and write the file again; an invalid file is never submitted.';
}
