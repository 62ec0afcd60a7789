import type { z } from 'zod';
import type { Money } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';
import type { BotContext } from './context.js';
import type { Service } from './define-service.js';
import type { BotPresentation } from './presentation.js';

/** One bot: its input schema, how to name an item's business key, and its steps. */
export interface Bot<I = unknown> {
  name: string;
  /** Items whose input fails this schema never reach `run`: they become BusinessRuleError exceptions. */
  input: z.ZodType<I>;
  /** The item's business key (end-to-end id, mandate reference, account+period): item ids derive from it. */
  key: (input: I) => string;
  /** The target whose session `ctx.session()` leases, if the bot works on a legacy system. */
  target?: string;
  /** The services of the process `ctx.services` gives it (built once per process, on first use). */
  services?: Service[];
  /** How its items are shown to people (labels, provenance, the wrong field); without it, its schema as it is. */
  presentation?: BotPresentation<I>;
  /**
   * The item's money (a payment's amount, a collection's, a break's), exact, for totals by outcome (a
   * night's morning summary); null when the item moves no money (a status line), undefined when its
   * amount cannot be read (counted apart).
   */
  amount?: (input: I, config: Config) => Money | null | undefined;
  run: (input: I, ctx: BotContext) => Promise<unknown>;
}

export type AnyBot = Bot<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineBot<S extends z.ZodType>(definition: {
  name: string;
  input: S;
  key: (input: z.infer<S>) => string;
  target?: string;
  services?: Service[];
  presentation?: BotPresentation<z.infer<S>>;
  amount?: (input: z.infer<S>, config: Config) => Money | null | undefined;
  run: (input: z.infer<S>, ctx: BotContext) => Promise<unknown>;
}): Bot<z.infer<S>> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`bot name "${definition.name}" must be lower-case letters, digits and dashes (it names a queue)`);
  }
  return definition as Bot<z.infer<S>>;
}

/** An item's money as `Bot.amount` gives it: what `read` finds, or undefined when the input's amount cannot be read. */
export function moneyOrNone(read: () => Money | null | undefined): Money | null | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
