/**
 * An XSD a bank publishes for the files it accepts, loaded once into libxml2 (WebAssembly: no native
 * build, no Java) in a worker thread of its own (`xsd-worker.js`), and used to validate documents
 * given as text. Problems come back as lines and libxml2's messages, for the caller to name the
 * element and the collection.
 */
import { Worker } from 'node:worker_threads';
import { BusinessRuleError, RpaError } from '../rule-error.js';

/** A schema file that cannot be read or is no XSD: a configuration problem. */
export class SchemaUnusable extends RpaError {
  readonly whatNext = 'Check the configured XSD path (the bank\'s published schema for this message version) and that the file is the schema itself.';
}

export interface SchemaProblem {
  line: number;
  message: string;
}

type Reply = { id: number; problems: SchemaProblem[] } | { id: number; error: string };

export class XsdSchema {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (p: SchemaProblem[]) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly file: string,
    private readonly worker: Worker,
  ) {
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if ('error' in m) w.reject(new SchemaUnusable(`validating against ${file} failed: ${m.error}`));
      else w.resolve(m.problems);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('the validator thread stopped')));
  }

  static async load(file: string): Promise<XsdSchema> {
    // Started without the TypeScript loader (execArgv []): libxml2 is loaded by Node itself.
    const worker = new Worker(new URL('./xsd-worker.js', import.meta.url), { workerData: { file }, execArgv: [] });
    const ready = await new Promise<{ ready: boolean; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((err: Error) => ({ ready: false, error: err.message }));
    if (!ready.ready) {
      await worker.terminate();
      throw new SchemaUnusable(`the XSD ${file} cannot be used: ${ready.error ?? 'unknown error'}`);
    }
    return new XsdSchema(file, worker);
  }

  /** The problems of `xml` against the schema (none: valid). A document that is not even well-formed is one problem. */
  validate(xml: string): Promise<SchemaProblem[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, xml });
    });
  }

  async dispose(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(new SchemaUnusable(`validating against ${this.file} failed: ${err.message}`, { cause: err }));
    this.waiting.clear();
  }
}

/** A document that fails its schema: never sent. Names the element and, where known, the collection. */
export class SchemaInvalid extends BusinessRuleError {
  override readonly whatNext = 'Correct the collection named (the element and libxml2\'s reason are given) and write the file again; an invalid file is never submitted.';
}
