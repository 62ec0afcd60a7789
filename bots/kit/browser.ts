import type { Browser } from 'playwright-core';
import { RpaError } from './errors.js';

/** Flags that keep Chromium off the network and working as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export class BrowserNotInstalled extends RpaError {
  readonly whatNext: string;
  constructor(path: string, cause: unknown) {
    super(`Chromium could not be started from ${path}: ${(cause as Error)?.message ?? cause}`, { cause });
    this.whatNext = `Install Debian's chromium package (apt-get install chromium) or set browser.executablePath to a Chromium binary.`;
  }
}

/**
 * tsx (esbuild's keepNames) wraps named functions in `__name(fn, "name")`; a function handed to
 * `page.evaluate` is sent to the browser as text, where `__name` does not exist. Every page of
 * our browsers gets a no-op `__name`, so page objects work the same under tsx and vitest.
 */
const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || function (f) { return f; };';

/**
 * Launches the system Chromium (never a downloaded browser build). Playwright is loaded on the first
 * launch only (some 75 MB of a process's memory): a process that dispatches, serves the board or
 * runs no browser bot never loads it.
 */
export async function launchBrowser(options: { executablePath?: string; headless?: boolean } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: options.headless ?? true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new BrowserNotInstalled(executablePath, err);
  }
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (contextOptions) => {
    const context = await newContext(contextOptions);
    await context.addInitScript({ content: KEEP_NAMES_SHIM });
    return context;
  };
  return browser;
}
