import type { Browser } from 'playwright-core';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { Secrets } from '../../config/secrets.js';
import { AccountLeases, type Lease } from './account-leases.js';
import { launchBrowser } from './browser.js';
import { BrowserSession } from './target-session.js';
import type { TargetAdapter } from './target.js';
import { RpaError } from './errors.js';

export class UnknownTarget extends RpaError {
  readonly whatNext: string;
  constructor(target: string, known: string[]) {
    super(`target "${target}" is not configured (configured: ${known.join(', ') || 'none'})`);
    this.whatNext = `Add targets.${target} to the config, or correct the bot's target name.`;
  }
}

export interface LeasedSession {
  session: BrowserSession;
  lease: Lease;
  release(): Promise<void>;
}

/**
 * The session pool of one process: bot accounts leased from Redis (shared by all
 * processes), and for each account this process has held, a browser session kept
 * logged in across items. One browser per process, launched on first use.
 */
export class SessionPool {
  private browser?: Promise<Browser>;
  private readonly sessions = new Map<string, BrowserSession>();

  constructor(
    private readonly config: Config,
    private readonly secrets: Secrets,
    private readonly adapters: Map<string, TargetAdapter>,
    private readonly leases: AccountLeases,
    private readonly log: Logger,
  ) {}

  /** The process's browser: launched on first use, and again if it failed to start or has crashed. */
  private getBrowser = async (): Promise<Browser> => {
    const launch = () => launchBrowser({ executablePath: this.config.browser.executablePath, headless: this.config.browser.headless });
    const current = (this.browser ??= launch());
    const browser = await current.catch(() => undefined);
    if (browser?.isConnected()) return browser;
    if (this.browser === current) this.browser = launch();
    return this.browser;
  };

  /**
   * Leases a bot account of the target; while leased, the session logs through the item's
   * logger, and records a Playwright trace of the item's steps when `trace` is set.
   */
  async lease(target: string, itemLog: Logger, signal?: AbortSignal, options: { trace?: boolean } = {}): Promise<LeasedSession> {
    const t = this.config.targets[target];
    const adapter = this.adapters.get(target);
    if (!t || !adapter) throw new UnknownTarget(target, Object.keys(this.config.targets));
    // Prefer accounts this process already has a logged-in session for.
    const prefer = [...this.sessions.keys()].filter((k) => k.startsWith(`${target}/`)).map((k) => k.slice(target.length + 1));
    const lease = await this.leases.acquire(
      target,
      t.accounts.map((a) => a.username),
      { ttlMs: t.leaseTtlMs, waitMs: t.leaseWaitMs, prefer, signal },
    );
    const id = `${target}/${lease.username}`;
    let session = this.sessions.get(id);
    if (!session) {
      session = new BrowserSession(
        this.getBrowser,
        adapter,
        t.baseUrl,
        lease.username,
        () => ({ username: lease.username, password: this.secrets.get(Secrets.accountPassword(target, lease.username)) }),
        this.config.browser.navigationTimeoutMs,
        this.log,
      );
      this.sessions.set(id, session);
    }
    const held = session;
    held.log = itemLog;
    held.traceItem = options.trace ?? false;
    return {
      session: held,
      lease,
      release: async () => {
        // Lost while held: another process may have logged in with this account since.
        if (lease.lost) held.invalidate();
        held.log = this.log;
        await lease.release();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    this.sessions.clear();
    if (this.browser) await (await this.browser.catch(() => undefined))?.close().catch(() => undefined);
    this.browser = undefined;
  }
}
