/**
 * The mandates we collect on, as the register holds them: mandate-entry writes their terms here once
 * the register confirms them (added, or found with the same terms), and each amendment it applies, so
 * that a collection cycle reads the debtor, the account and the signature date without a session on
 * the host per collection. An amendment is kept until a collection that carries it reaches the
 * debtor's bank (pain.008 `AmdmntInd`): the first original values are kept, so two changes between
 * collections report what the debtor's bank last saw.
 */
import type { Redis } from 'ioredis';
import type { MandateTerms } from '../../banking/index.js';

export interface BookedMandate {
  terms: MandateTerms;
  /** Where the terms were confirmed: "mandate-entry item …, register". */
  source: string;
  at: string;
}

/** What the next collection must say about changes since the last one reached the debtor's bank. */
export interface PendingAmendment {
  originalDebtorIban?: string;
  originalCreditorName?: string;
  debtorBankChanged?: boolean;
  /** The collection that carries it now; once that one is presented the amendment is spent. */
  carriedBy?: string;
}

export class MandateBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private terms = (mandateKey: string) => `${this.prefix}dd:terms:${mandateKey}`;
  private amendment = (mandateKey: string) => `${this.prefix}dd:amendment:${mandateKey}`;

  /** The register's terms of a mandate (the latest confirmed). */
  async record(mandateKey: string, terms: MandateTerms, source: string): Promise<void> {
    const booked: BookedMandate = { terms, source, at: new Date().toISOString() };
    await this.redis.set(this.terms(mandateKey), JSON.stringify(booked));
  }

  async get(mandateKey: string): Promise<BookedMandate | null> {
    const raw = await this.redis.get(this.terms(mandateKey));
    return raw ? (JSON.parse(raw) as BookedMandate) : null;
  }

  /**
   * An amendment the register applied: the values the debtor's bank knows are kept from the first
   * change (HSETNX), a move to another bank stays known until carried.
   */
  async recordAmendment(mandateKey: string, change: Omit<PendingAmendment, 'carriedBy'>): Promise<void> {
    const key = this.amendment(mandateKey);
    const m = this.redis.multi();
    if (change.originalDebtorIban) m.hsetnx(key, 'originalDebtorIban', change.originalDebtorIban);
    if (change.originalCreditorName) m.hsetnx(key, 'originalCreditorName', change.originalCreditorName);
    if (change.debtorBankChanged) m.hset(key, 'debtorBankChanged', '1');
    // A change after a collection took the earlier one: the next collection carries it again.
    m.hdel(key, 'carriedBy');
    await m.exec();
  }

  async pendingAmendment(mandateKey: string): Promise<PendingAmendment | null> {
    const h = await this.redis.hgetall(this.amendment(mandateKey));
    if (!h.originalDebtorIban && !h.originalCreditorName && !h.debtorBankChanged) return null;
    return {
      ...(h.originalDebtorIban ? { originalDebtorIban: h.originalDebtorIban } : {}),
      ...(h.originalCreditorName ? { originalCreditorName: h.originalCreditorName } : {}),
      ...(h.debtorBankChanged ? { debtorBankChanged: true } : {}),
      ...(h.carriedBy ? { carriedBy: h.carriedBy } : {}),
    };
  }

  /** The collection that carries the pending amendment now. */
  async carry(mandateKey: string, endToEndId: string): Promise<void> {
    await this.redis.hset(this.amendment(mandateKey), 'carriedBy', endToEndId);
  }

  /** The amendment reached the debtor's bank with a collection: the next one carries nothing. */
  async spend(mandateKey: string, endToEndId: string): Promise<void> {
    const key = this.amendment(mandateKey);
    // Only when the collection that reached the bank is the one that carries it.
    if ((await this.redis.hget(key, 'carriedBy')) === endToEndId) await this.redis.del(key);
  }
}
