import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Logger } from 'pino';
import { SessionLost } from './errors.js';
import type { Credentials, TargetAdapter } from './target.js';

/** A logged-in session of one bot account on one target. */
export interface TargetSession {
  target: string;
  /** The bot account's user name (never its password). */
  account: string;
  baseUrl: string;
  page: Page;
  /**
   * Runs a step; if the target has ended the session, logs in again and runs it once more.
   * A step that writes must pass `{ retry: false }`: whether the write got through is then
   * for postOnce's next attempt to find out by searching, never for a blind second write.
   * `tab` names another page of the same logged-in session (created on first use), for a screen
   * worth keeping open between steps, such as a search form whose result page offers the form again.
   */
  use<T>(step: (page: Page) => Promise<T>, options?: UseOptions): Promise<T>;
}

export interface UseOptions {
  /** false for a step that writes: it is not run again after a lost session. */
  retry?: boolean;
  /** Run the step on this named tab of the session instead of its main page. */
  tab?: string;
}

/**
 * One browser context per bot account, kept across items: it logs in once and is reused,
 * and logs in again when the target has expired it.
 */
export class BrowserSession implements TargetSession {
  private context?: BrowserContext;
  private currentPage?: Page;
  /** Further pages of the same context, by name (see `use`'s `tab`). */
  private tabs = new Map<string, Page>();
  private loggedIn = false;
  /** Tracing runs on the context; an item that holds the session may record one chunk of it. */
  private tracing = false;
  private chunkOpen = false;
  /** Whether the item now holding the session records a trace (set by the pool at each lease). */
  traceItem = false;
  logins = 0;

  constructor(
    private readonly browser: () => Promise<Browser>,
    private readonly adapter: TargetAdapter,
    readonly baseUrl: string,
    readonly account: string,
    private readonly credentials: () => Credentials,
    private readonly navigationTimeoutMs: number,
    /** The logger of the item that holds the session (set by the pool at each lease). */
    public log: Logger,
  ) {}

  get target(): string {
    return this.adapter.name;
  }

  get page(): Page {
    if (!this.currentPage) throw new Error('session not opened: call use() first');
    return this.currentPage;
  }

  private async ensureLoggedIn(): Promise<Page> {
    if (!this.context || !this.currentPage || this.currentPage.isClosed()) {
      await this.context?.close().catch(() => undefined);
      this.context = await (await this.browser()).newContext();
      this.context.setDefaultNavigationTimeout(this.navigationTimeoutMs);
      this.context.setDefaultTimeout(this.navigationTimeoutMs);
      this.currentPage = await this.context.newPage();
      this.tabs.clear();
      this.loggedIn = false;
      this.tracing = false;
      this.chunkOpen = false;
    }
    // The item's trace starts before any login, so that a failed login is in it too.
    await this.openChunk();
    if (!this.loggedIn) {
      await this.adapter.login(this.currentPage, this.baseUrl, this.credentials());
      this.loggedIn = true;
      this.logins++;
      this.log.info({ target: this.target, botAccount: this.account }, 'logged in');
    }
    return this.currentPage;
  }

  /** Starts recording a Playwright trace chunk for the item that now holds the session (on its first step). */
  private async openChunk(): Promise<void> {
    if (!this.traceItem || this.chunkOpen || !this.context) return;
    if (!this.tracing) {
      await this.context.tracing.start({ snapshots: true, screenshots: false, sources: false });
      this.tracing = true;
    }
    await this.context.tracing.startChunk();
    this.chunkOpen = true;
  }

  /**
   * Ends the current item's trace chunk: written to `path` (a Playwright trace zip, for
   * `npx playwright show-trace`) when the item failed, else discarded.
   */
  async endTrace(path?: string): Promise<boolean> {
    if (!this.chunkOpen || !this.context) return false;
    this.chunkOpen = false;
    await this.context.tracing.stopChunk(path ? { path } : undefined);
    return Boolean(path);
  }

  /** The page a step runs on: the main page, or a named tab of the same context (created when first asked for). */
  private async pageFor(tab: string | undefined): Promise<Page> {
    const main = await this.ensureLoggedIn();
    if (tab === undefined) return main;
    let page = this.tabs.get(tab);
    if (!page || page.isClosed()) {
      page = await this.context!.newPage();
      this.tabs.set(tab, page);
    }
    return page;
  }

  async use<T>(step: (page: Page) => Promise<T>, options: UseOptions = {}): Promise<T> {
    try {
      return await step(await this.pageFor(options.tab));
    } catch (err) {
      if (!(err instanceof SessionLost)) throw err;
      if (options.retry === false) {
        this.loggedIn = false;
        throw err;
      }
      this.log.warn({ target: this.target, botAccount: this.account, reason: err.reason }, 'session lost; logging in again');
      this.loggedIn = false;
      return step(await this.pageFor(options.tab));
    }
  }

  /** The next use() logs in again (e.g. the lease was lost and another process may have logged in). */
  invalidate(): void {
    this.loggedIn = false;
  }

  async close(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    this.context = undefined;
    this.currentPage = undefined;
    this.tabs.clear();
    this.loggedIn = false;
  }
}
