import type { Page } from 'playwright-core';

/** A form field that cannot be typed into (missing, disabled or read-only): the screen is not what we know. */
export class FieldNotEditable extends Error {
  readonly whatNext = 'The screen has changed: check the page objects in bots/targets/legacy-bank against it.';
  constructor(selector: string, why: string) {
    super(`field ${selector} ${why}`);
    this.name = 'FieldNotEditable';
  }
}

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
