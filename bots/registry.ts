import type { AnyBot } from './kit/define-bot.js';
import type { TargetAdapter } from './kit/target.js';
import { balanceCheck } from './balance-check/index.js';
import { paymentBatch } from './payment-batch/index.js';
import { paymentEntry } from './payment-entry/index.js';
import { legacyBankTarget } from './targets/legacy-bank/index.js';

/** Every bot the worker host can run, by name. New bots are added here. */
export const BOTS: AnyBot[] = [balanceCheck, paymentEntry, paymentBatch];

/** Every legacy system the kit can log into. */
export const TARGETS: TargetAdapter[] = [legacyBankTarget];

export const botRegistry = () => new Map(BOTS.map((b) => [b.name, b]));
export const targetRegistry = () => new Map(TARGETS.map((t) => [t.name, t]));
