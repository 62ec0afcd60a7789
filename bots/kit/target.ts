import type { Page } from 'playwright-core';

export interface Credentials {
  username: string;
  password: string;
}

/** What the kit needs to know of a legacy system: how to log in. Everything else is in its page objects. */
export interface TargetAdapter {
  name: string;
  login(page: Page, baseUrl: string, credentials: Credentials): Promise<void>;
}
