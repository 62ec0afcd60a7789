import type { Page } from 'playwright-core';
import { RpaError } from '../../kit/index.js';

/** A form field that cannot be typed into (missing, disabled or read-only): the screen is not what we know. */
export class FieldNotEditable extends RpaError {
  readonly whatNext = 'The screen has changed: check the page objects in bots/targets/legacy-bank against it.';
  constructor(selector: string, why: string) {
    super(`field ${selector} ${why}`);
  }
}

/*
 * Why the page objects touch the DOM through `page.evaluate` and not through `page.fill`,
 * `page.click` or `page.$`: those go through Playwright's selector engine, a large script that
 * Playwright injects into every new document on first use. These legacy screens are full page
 * loads (seven per payment), so that script was compiled seven times per payment: about a third
 * of Chromium's CPU per payment on a 2-core machine. The checks Playwright would make (there,
 * visible, enabled) are made here.
 */

/**
 * Types every value of a form in one round trip to the browser: as a person would leave each
 * field (value set, then input and change events, so the screen's own scripts see it), after
 * checking that each field is there, visible and editable. Nine `page.fill` calls cost nine
 * round trips; on a busy 2-core machine that is a tenth of a payment's time.
 */
export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  const problem = await page.evaluate((fields) => {
    for (const [selector, value] of Object.entries(fields)) {
      const el = document.querySelector(selector);
      if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) return [selector, 'is not on the page'];
      if (el.disabled || ('readOnly' in el && el.readOnly)) return [selector, 'is disabled or read-only'];
      if (el.offsetParent === null && el.type !== 'hidden') return [selector, 'is not visible'];
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      el.blur();
    }
    return null;
  }, values);
  if (problem) throw new FieldNotEditable(problem[0]!, problem[1]!);
}

/** Whether an element matching `selector` is on the page (no selector engine: a plain querySelector). */
export async function hasElement(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => document.querySelector(sel) !== null, selector);
}

/** The rendered text of every element matching `selector`, in document order. */
export async function elementTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).map((e) => (e as HTMLElement).innerText ?? ''), selector);
}

/**
 * Clicks a button or link as a person would, after checking that it is there, visible and
 * enabled. The click itself runs in the page's next task, so that a navigation or a `confirm()`
 * dialog it starts never lands inside this call: pair it with `submit()`, which waits for the
 * navigation, and a dialog handler where the screen asks.
 */
export async function clickElement(page: Page, selector: string): Promise<void> {
  const problem = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!(el instanceof HTMLElement)) return 'is not on the page';
    if ((el as HTMLButtonElement).disabled) return 'is disabled';
    if (el.offsetParent === null) return 'is not visible';
    setTimeout(() => el.click(), 0);
    return null;
  }, selector);
  if (problem) throw new FieldNotEditable(selector, problem);
}
