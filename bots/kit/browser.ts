import { chromium, type Browser } from 'playwright-core';

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

export class BrowserNotInstalled extends Error {
  readonly whatNext: string;
  constructor(path: string, cause: unknown) {
    super(`Chromium could not be started from ${path}: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'BrowserNotInstalled';
    this.whatNext = `Install Debian's chromium package (apt-get install chromium) or set browser.executablePath to a Chromium binary.`;
  }
}

/** Launches the system Chromium (never a downloaded browser build). */
export async function launchBrowser(options: { executablePath?: string; headless?: boolean } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  try {
    return await chromium.launch({ executablePath, headless: options.headless ?? true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new BrowserNotInstalled(executablePath, err);
  }
}
