/** Shared setup for browser tests against the legacy-bank simulator: one server and one Chromium per file, a fresh page per test. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser } from '../../bots/kit/browser.js';
import type { LegacyBankOptionsInput } from '../../legacy-bank/options.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';

/** An account as the inspection API (`/_inspect/accounts`) lists it. */
export interface InspectAccount {
  accountNumber: string;
  iban: string;
  holder: string;
  currency: string;
  balance: string;
  transactionCount: number;
}

export interface BankAndBrowserOptions {
  /** Options for `startLegacyBank` (port defaults to 0, i.e. a free port). */
  bank?: LegacyBankOptionsInput;
  /** Reset the live maintenance/fault settings before and after each test. */
  resetSettings?: boolean;
  /** Runs first in each test's beforeEach (e.g. resetting a movable clock). */
  beforeEach?: () => void;
}

export interface BankAndBrowser {
  readonly bank: LegacyBankHandle;
  readonly browser: Browser;
  /** This test's browser context (new for every test, closed after it). */
  readonly context: BrowserContext;
  /** A page in this test's context. */
  readonly page: Page;
  /** No maintenance (now or windows) and no faults. */
  resetSettings(): void;
  /** GETs `/_inspect<path>`, expects HTTP 200, and returns the JSON body. */
  inspect<T>(path: string): Promise<T>;
}

/** Registers the vitest hooks (call at the top level of a test file) and returns getters for what they set up. */
export function useBankAndBrowser(options: BankAndBrowserOptions = {}): BankAndBrowser {
  let browser: Browser | undefined;
  let bank: LegacyBankHandle | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not available outside the test hooks of useBankAndBrowser`);
    return value;
  };

  const self: BankAndBrowser = {
    get bank() {
      return need(bank, 'bank');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get context() {
      return need(context, 'context');
    },
    get page() {
      return need(page, 'page');
    },
    resetSettings() {
      const { settings } = self.bank.state;
      settings.maintenance = { now: false, windows: [] };
      settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
    },
    async inspect<T>(path: string): Promise<T> {
      const res = await fetch(`${self.bank.url}/_inspect${path}`);
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    },
  };

  beforeAll(async () => {
    [browser, bank] = await Promise.all([launchBrowser(), startLegacyBank({ port: 0, ...options.bank })]);
  });
  afterAll(async () => {
    await browser?.close();
    await bank?.close();
  });
  beforeEach(async () => {
    options.beforeEach?.();
    if (options.resetSettings) self.resetSettings();
    context = await self.browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    if (options.resetSettings) self.resetSettings();
    await context?.close();
    context = undefined;
    page = undefined;
  });

  return self;
}
