/**
 * A pool of tesseract.js workers, reused across documents (never one worker per document).
 *
 * Each of `workers` lanes holds at most one worker (a worker thread with its own wasm engine) and
 * recognises one page at a time; pages wait in one queue, first come first served. A lane starts
 * its worker on first use and replaces it:
 * - after `recycleAfterPages` pages (wasm memory only grows, so a fresh worker bounds it),
 * - when a page runs past `pageTimeoutMs` (the thread is terminated: the page fails with
 *   `OcrTimeout`, a system error the queue retries),
 * - when the worker dies or fails for a reason that is not the image's (`OcrEngineFailed`).
 * An image the engine cannot read fails with `ImageDamaged`; its worker stays.
 *
 * Engine settings: English LSTM model (model.ts), OEM 1 (LSTM only), page segmentation mode 3
 * (fully automatic), no network (offline-worker.cjs), no cache files.
 */
import { fileURLToPath } from 'node:url';
import type { Worker as Thread } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { ImageDamaged, OcrEngineFailed, OcrPoolClosed, OcrTimeout } from './errors.js';
import { MODEL_LANG, modelLangPath } from './model.js';

export interface OcrPoolOptions {
  /** Lanes (workers) working at once. */
  workers: number;
  /** Pages a worker recognises before it is replaced. */
  recycleAfterPages: number;
  /** Longest one page may take. */
  pageTimeoutMs: number;
  /** Longest a worker may take to start (load the engine and the model). Default 60 s. */
  startTimeoutMs?: number;
}

export interface PageRequest {
  /** PNG, JPEG or TIFF bytes of one page. */
  image: Buffer;
  /** Named in errors: e.g. "scan.tif page 2". */
  label: string;
  /** Resolution of the image when known (a rendered PDF page), so the engine need not guess. */
  dpi?: number;
  /** Also return the page as the engine read it, as a PNG (for crops of fields to review). */
  keepImage?: boolean;
}

export interface PoolStats {
  workers: number;
  /** Workers started so far, replacements included. */
  workersStarted: number;
  /** Workers replaced after `recycleAfterPages` pages. */
  workersRecycled: number;
  /** Workers replaced after a timeout or a failure. */
  workersReplaced: number;
  pagesDone: number;
  queued: number;
  busy: number;
}

interface Lane {
  worker?: Tesseract.Worker;
  /** Rejects when the worker's thread ends (a crash, or our own terminate; then nobody listens). */
  exited?: Promise<never>;
  pages: number;
  busy: boolean;
}

interface Job {
  request: PageRequest;
  resolve(page: Tesseract.Page): void;
  reject(err: unknown): void;
}

const OFFLINE_WORKER = fileURLToPath(new URL('./offline-worker.cjs', import.meta.url));
/** What tesseract.js answers when leptonica cannot decode the image. */
const UNREADABLE_IMAGE = /Error attempting to read image/i;

export class OcrPool {
  private readonly lanes: Lane[];
  private readonly queue: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly langPath = modelLangPath();
  private closed = false;
  private readonly counts = { workersStarted: 0, workersRecycled: 0, workersReplaced: 0, pagesDone: 0 };

  constructor(private readonly options: OcrPoolOptions) {
    if (!(options.workers >= 1) || !(options.recycleAfterPages >= 1) || !(options.pageTimeoutMs > 0)) {
      throw new RangeError(`OCR pool options out of range: ${JSON.stringify(options)}`);
    }
    this.lanes = Array.from({ length: options.workers }, () => ({ pages: 0, busy: false }));
  }

  /** Recognises one page: tesseract's page with blocks, paragraphs, lines, words (and the image when asked). */
  recognize(request: PageRequest): Promise<Tesseract.Page> {
    if (this.closed) return Promise.reject(new OcrPoolClosed(`OCR pool closed; ${request.label} was not read`));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Starts the workers of idle lanes now instead of on first use (e.g. before timing pages). */
  async warmUp(): Promise<void> {
    const starts = this.lanes
      .filter((l) => !l.busy && !l.worker)
      .map((lane) => {
        lane.busy = true;
        // A worker that cannot start fails the first page given to its lane instead.
        const start: Promise<void> = this.startWorker(lane)
          .then(() => undefined, () => undefined)
          .finally(() => {
            lane.busy = false;
            this.running.delete(start);
            this.pump();
          });
        this.running.add(start);
        return start;
      });
    await Promise.all(starts);
  }

  stats(): PoolStats {
    return { workers: this.options.workers, ...this.counts, queued: this.queue.length, busy: this.lanes.filter((l) => l.busy).length };
  }

  /** Refuses new pages, fails those still waiting, lets running ones finish, then ends every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new OcrPoolClosed(`OCR pool closed; ${job.request.label} was not read`));
    while (this.running.size) await Promise.allSettled([...this.running]);
    await Promise.all(this.lanes.map((lane) => this.endWorker(lane)));
  }

  private pump(): void {
    for (const lane of this.lanes) {
      if (lane.busy || !this.queue.length) continue;
      const job = this.queue.shift()!;
      lane.busy = true;
      const run = this.runOn(lane, job).finally(() => {
        lane.busy = false;
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async runOn(lane: Lane, job: Job): Promise<void> {
    try {
      job.resolve(await this.recognizeOn(lane, job.request));
    } catch (err) {
      job.reject(err);
    }
    if (lane.pages >= this.options.recycleAfterPages) {
      await this.endWorker(lane);
      this.counts.workersRecycled++;
    }
  }

  private async recognizeOn(lane: Lane, request: PageRequest): Promise<Tesseract.Page> {
    const { worker, exited } = lane.worker ? { worker: lane.worker, exited: lane.exited! } : await this.startWorker(lane);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OcrTimeout(`OCR of ${request.label} took longer than ${this.options.pageTimeoutMs} ms; its worker was replaced`)),
        this.options.pageTimeoutMs,
      );
    });
    const params = request.dpi ? { user_defined_dpi: String(Math.round(request.dpi)) } : {};
    const output = { text: false, blocks: true, imageColor: !!request.keepImage };
    try {
      const result = await Promise.race([worker.recognize(request.image, params as Partial<Tesseract.RecognizeOptions>, output), deadline, exited]);
      lane.pages++;
      this.counts.pagesDone++;
      return result.data;
    } catch (err) {
      if (typeof err === 'string' && UNREADABLE_IMAGE.test(err)) {
        lane.pages++;
        throw new ImageDamaged(`${request.label} cannot be decoded as an image: it is corrupt or truncated`, { label: request.label, engine: err });
      }
      await this.endWorker(lane);
      this.counts.workersReplaced++;
      if (err instanceof OcrTimeout || err instanceof OcrEngineFailed) throw err;
      throw new OcrEngineFailed(`OCR of ${request.label} failed in the engine: ${String(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  private async startWorker(lane: Lane): Promise<{ worker: Tesseract.Worker; exited: Promise<never> }> {
    const startTimeoutMs = this.options.startTimeoutMs ?? 60_000;
    let failed: (err: unknown) => void = () => {};
    let started = false;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    const timer = setTimeout(() => failed(new Error(`did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    const creating = Tesseract.createWorker(MODEL_LANG, Tesseract.OEM.LSTM_ONLY, {
      langPath: this.langPath,
      gzip: true,
      cacheMethod: 'none',
      workerPath: OFFLINE_WORKER,
      logger: () => {},
      // tesseract.js throws (an uncaught exception) when a job fails and no handler is given;
      // while starting, a failed step would otherwise leave createWorker pending for ever.
      errorHandler: (err: unknown) => {
        if (!started) failed(err);
      },
    });
    try {
      const worker = await Promise.race([creating, failure]);
      // debug_file: tesseract's own notes ("Estimating resolution as ...") go nowhere instead of stderr.
      await Promise.race([worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.AUTO, debug_file: '/dev/null' }), failure]);
      started = true;
      const thread = (worker as unknown as { worker: Thread }).worker;
      const exited = new Promise<never>((_, reject) =>
        thread.once('exit', (code) => reject(new OcrEngineFailed(`the OCR worker's thread ended (exit code ${code})`))),
      );
      exited.catch(() => {});
      Object.assign(lane, { worker, exited, pages: 0 });
      this.counts.workersStarted++;
      return { worker, exited };
    } catch (err) {
      void creating.then((w) => w.terminate(), () => {});
      throw new OcrEngineFailed(`an OCR worker could not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  private async endWorker(lane: Lane): Promise<void> {
    const worker = lane.worker;
    Object.assign(lane, { worker: undefined, exited: undefined, pages: 0 });
    await worker?.terminate();
  }
}
