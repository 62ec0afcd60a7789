/**
 * Direct-debit collection files the web system has accepted (DD01), in upload order, and the answers
 * their settlement produced (DD02). Like a real bank's upload, it accepts the same file twice: it is
 * the submitter's job never to send it again.
 */
import { createPrng } from './prng.js';
import { settleCollectionFile, type CollectionAnswer, type CollectionOutcome, type DebtorOutcome } from './collection-settlement.js';

/** A collection of an accepted file, as the bank keeps it for settlement. */
export interface FiledCollection {
  endToEndId: string;
  paymentInfoId: string;
  umr: string;
  /** The creditor identifier the collection names (its block's, or its own). */
  creditorId: string;
  /** "20.10", EUR. */
  amount: string;
  debtorName: string;
  debtorIban: string;
  collectionDate: string;
  sequenceType: string;
}

export interface CollectionFile {
  /** The bank's file reference, `DDF-000001`. */
  reference: string;
  messageId: string;
  /** `pain.008.001.02`... */
  version: string;
  uploadedAt: number;
  username: string;
  fileName: string;
  transactions: number;
  /** Control sum as text (`84.00`), EUR. */
  amount: string;
  sha256: string;
  creditorIban: string;
  collections: FiledCollection[];
  status: 'ACCEPTED' | 'SETTLED';
  outcomes?: CollectionOutcome[];
}

/** A direct debit the bank booked on a debtor's account (DD03): one per collection it settled. */
export interface DirectDebitPosting {
  /** `DDP-000001`. */
  reference: string;
  /** The booking day (the collection date), ISO. */
  bookedOn: string;
  endToEndId: string;
  umr: string;
  creditorId: string;
  debtorIban: string;
  debtorName: string;
  /** "20.10", EUR. */
  amount: string;
}

export class CollectionFileBook {
  private readonly files: CollectionFile[] = [];
  private readonly answers: CollectionAnswer[] = [];
  private readonly postings: DirectDebitPosting[] = [];
  /** What happens to collections from these debtor IBANs (tests and demos set them); others settle, fail on funds, or come back at the configured rates. */
  readonly debtorOutcomes = new Map<string, DebtorOutcome>();

  constructor(private readonly outcomes: { seed: number; rates: Partial<Record<DebtorOutcome, number>> } = { seed: 42, rates: {} }) {}

  /** The outcome the configured rates give this collection (the same one every time), or none: it settles. */
  private byRate(endToEndId: string): DebtorOutcome | undefined {
    const entries = Object.entries(this.outcomes.rates) as [DebtorOutcome, number][];
    if (!entries.length) return undefined;
    let x = createPrng(this.outcomes.seed, `collection:${endToEndId}`).next();
    for (const [outcome, rate] of entries) {
      if (x < rate) return outcome;
      x -= rate;
    }
    return undefined;
  }

  add(file: Omit<CollectionFile, 'reference' | 'status'>): CollectionFile {
    const f: CollectionFile = { ...file, reference: `DDF-${String(this.files.length + 1).padStart(6, '0')}`, status: 'ACCEPTED' };
    this.files.push(f);
    return f;
  }

  /** Every upload of a message id (case-sensitive, as sent), oldest first. */
  byMessageId(messageId: string): CollectionFile[] {
    return this.files.filter((f) => f.messageId === messageId);
  }

  list(): CollectionFile[] {
    return [...this.files];
  }

  /**
   * Runs the settlement cycle for every accepted file: its outcomes and answers (pain.002, camt.054).
   * `fundsShort(iban, amount)`: the bank holds that debtor account and it cannot pay the amount;
   * `settled(file)`: told of each file settled (the creditor's account is credited there).
   */
  settle(now: number, fundsShort: (iban: string, amount: string) => boolean, settled: (file: CollectionFile) => void = () => undefined): CollectionAnswer[] {
    const made: CollectionAnswer[] = [];
    for (const f of this.files) {
      if (f.status !== 'ACCEPTED') continue;
      const { outcomes, answers } = settleCollectionFile(f, now, (c) => this.debtorOutcomes.get(c.debtorIban) ?? (fundsShort(c.debtorIban, c.amount) ? 'insufficient-funds' : this.byRate(c.endToEndId)));
      f.status = 'SETTLED';
      f.outcomes = outcomes;
      const byId = new Map(f.collections.map((c) => [c.endToEndId, c]));
      for (const o of outcomes) {
        const c = byId.get(o.endToEndId);
        // Settled collections were booked on the debtor's account (a return is booked back after).
        if (c && o.status !== 'rejected') this.book({ bookedOn: c.collectionDate, endToEndId: c.endToEndId, umr: c.umr, creditorId: c.creditorId, debtorIban: c.debtorIban, debtorName: c.debtorName, amount: c.amount });
      }
      this.answers.push(...answers);
      made.push(...answers);
      settled(f);
    }
    return made;
  }

  /**
   * Books a direct debit on a debtor's account. Settlement books each settled collection; tests and
   * demos book others (a debit twice, on an unknown mandate, with another amount) for dd-control to find.
   */
  book(posting: Omit<DirectDebitPosting, 'reference'>): DirectDebitPosting {
    const p = { ...posting, reference: `DDP-${String(this.postings.length + 1).padStart(6, '0')}` };
    this.postings.push(p);
    return p;
  }

  /** The direct debits booked on a day (ISO), in booking order. */
  postingsOn(day: string): DirectDebitPosting[] {
    return this.postings.filter((p) => p.bookedOn === day);
  }

  answerList(): CollectionAnswer[] {
    return [...this.answers];
  }

  answer(name: string): CollectionAnswer | undefined {
    return this.answers.find((a) => a.name === name);
  }
}
