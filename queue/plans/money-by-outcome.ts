/**
 * Money by outcome for a kind of work: each item's amount as its bot reads it (`Bot.amount`), summed
 * exactly per outcome and currency ("payments done EUR 42,168.20 in 40; exceptions EUR 350.00 in 1").
 * Items that move no money (a status line) are left out; items whose amount cannot be read are counted
 * apart, so a total never silently leaves out an item that has one.
 */
import { Money } from '../../banking/index.js';
import type { Job } from 'bullmq';
import type { ItemData } from '../item-data.js';
import type { Runtime } from '../runtime.js';

export type Outcome = 'done' | 'exception' | 'rejected' | 'cancelled' | 'open';
const OUTCOMES: readonly Outcome[] = ['done', 'exception', 'rejected', 'cancelled', 'open'];

/** One outcome's money in one currency. */
export interface MoneyLine {
  outcome: Outcome;
  currency: string;
  amount: string;
  count: number;
}

/** An item's status as an outcome: anything without one yet (queued, waiting for the target, retrying) is open. */
export const outcomeOf = (status: string): Outcome => (OUTCOMES.includes(status as Outcome) ? (status as Outcome) : 'open');

export class MoneyByOutcome {
  private readonly sums = new Map<string, Map<string, { total: Money; count: number }>>();
  /** Per bot: items of a bot with amounts whose amount could not be read. */
  private readonly unread = new Map<string, number>();

  constructor(private readonly rt: Runtime) {}

  /** Adds a run's items (one job read per item of a bot that has amounts). */
  async add(items: { itemId: string; bot: string; status: string }[]): Promise<void> {
    const counted = items.filter((i) => this.rt.bots.get(i.bot)?.amount);
    for (let k = 0; k < counted.length; k += 200) {
      const chunk = counted.slice(k, k + 200);
      const jobs = await Promise.all(chunk.map((i) => this.rt.queue(i.bot).getJob(i.itemId) as Promise<Job<ItemData> | undefined>));
      chunk.forEach((item, n) => this.count(item, jobs[n]?.data?.input));
    }
  }

  private count(item: { bot: string; status: string }, input: unknown): void {
    const bot = this.rt.bots.get(item.bot)!;
    const parsed = bot.input.safeParse(input);
    const money = parsed.success ? bot.amount!(parsed.data, this.rt.config) : undefined;
    if (money === null) return; // it moves no money
    if (!money) {
      this.unread.set(item.bot, (this.unread.get(item.bot) ?? 0) + 1);
      return;
    }
    const byLine = this.sums.get(item.bot) ?? new Map<string, { total: Money; count: number }>();
    this.sums.set(item.bot, byLine);
    const key = `${outcomeOf(item.status)} ${money.currency}`;
    const line = byLine.get(key);
    byLine.set(key, line ? { total: line.total.plus(money), count: line.count + 1 } : { total: money, count: 1 });
  }

  /** A bot's lines, by outcome (done first) then currency, and how many of its items had no amount that could be read (each only when there is one). */
  of(bot: string): BotMoney {
    const byLine = this.sums.get(bot);
    const unread = this.unread.get(bot) ?? 0;
    const money = [...(byLine ?? new Map<string, { total: Money; count: number }>()).entries()]
      .map(([key, v]) => {
        const [outcome, currency] = key.split(' ') as [Outcome, string];
        return { outcome, currency, amount: v.total.toString(), count: v.count };
      })
      .sort((a, b) => OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) || a.currency.localeCompare(b.currency));
    return { ...(money.length ? { money } : {}), ...(unread ? { moneyUnread: unread } : {}) };
  }
}

/** A kind of work's money, as the morning summary keeps it beside its counts. */
export interface BotMoney {
  money?: MoneyLine[];
  /** Its items whose amount could not be read. */
  moneyUnread?: number;
}

const LABEL: Record<Outcome, string> = { done: 'done', exception: 'exceptions', rejected: 'rejected', cancelled: 'cancelled', open: 'not finished' };

/** "done EUR 42168.20 in 40, exceptions EUR 350.00 in 1 (2 without an amount read)"; '' without money. */
export function moneyText(m: BotMoney): string {
  const lines = (m.money ?? []).map((l) => `${LABEL[l.outcome]} ${l.currency} ${l.amount} in ${l.count}`);
  return [lines.join(', '), m.moneyUnread ? `(${m.moneyUnread} without an amount read)` : ''].filter(Boolean).join(' ');
}
