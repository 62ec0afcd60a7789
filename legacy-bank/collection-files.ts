/**
 * Direct-debit collection files the web system has accepted (DD01), in upload order, and the answers
 * their settlement produced (DD02). Like a real bank's upload, it accepts the same file twice: it is
 * the submitter's job never to send it again.
 */
import { settleCollectionFile, type CollectionAnswer, type CollectionOutcome, type DebtorOutcome } from './collection-settlement.js';

/** A collection of an accepted file, as the bank keeps it for settlement. */
export interface FiledCollection {
  endToEndId: string;
  paymentInfoId: string;
  umr: string;
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

export class CollectionFileBook {
  private readonly files: CollectionFile[] = [];
  private readonly answers: CollectionAnswer[] = [];
  /** What happens to collections from these debtor IBANs (tests and demos set them); others settle, or fail on funds. */
  readonly debtorOutcomes = new Map<string, DebtorOutcome>();

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
   * `fundsShort(iban, amount)`: the bank holds that debtor account and it cannot pay the amount.
   */
  settle(now: number, fundsShort: (iban: string, amount: string) => boolean): CollectionAnswer[] {
    const made: CollectionAnswer[] = [];
    for (const f of this.files) {
      if (f.status !== 'ACCEPTED') continue;
      const { outcomes, answers } = settleCollectionFile(f, now, (c) => this.debtorOutcomes.get(c.debtorIban) ?? (fundsShort(c.debtorIban, c.amount) ? 'insufficient-funds' : undefined));
      f.status = 'SETTLED';
      f.outcomes = outcomes;
      this.answers.push(...answers);
      made.push(...answers);
    }
    return made;
  }

  answerList(): CollectionAnswer[] {
    return [...this.answers];
  }

  answer(name: string): CollectionAnswer | undefined {
    return this.answers.find((a) => a.name === name);
  }
}
