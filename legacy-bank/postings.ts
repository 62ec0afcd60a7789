/**
 * The posting book: payments entered through TX01. A posting debits its account at once (a new history
 * entry whose description carries the reference) and gets a unique confirmation number
 * "TX" + entry date (YYYYMMDD) + a 6-digit sequence. Like real legacy systems, the book does NOT
 * refuse a reference it has seen before: the same reference posted twice is two postings.
 * Amounts are integer minor units (cents) throughout.
 */
import { bookOn } from './bookings.js';
import { localIsoDate, toDecimalString, type IsoDate } from './format.js';
import type { Account } from './seed.js';

/** A validated payment order, as the confirmation page carries it in its state token. */
export interface PaymentOrder {
  /** The debit account's 10-digit number. */
  debitAccount: string;
  beneficiaryName: string;
  /** Normalised (no spaces, upper case). */
  beneficiaryIban: string;
  /** Upper case; '' when not given. */
  bic: string;
  /** Minor units (cents), > 0. */
  amount: number;
  currency: string;
  executionDate: IsoDate;
  reference: string;
  /** '' when not given. */
  remittance: string;
}

export type PostingStatus = 'POSTED';

export interface Posting extends PaymentOrder {
  confirmation: string;
  /** 1, 2, 3, … over the whole book. */
  seq: number;
  /** Epoch ms of the posting. */
  postedAt: number;
  /** Local date of the posting (the booking date of the debit). */
  entryDate: IsoDate;
  debitIban: string;
  status: PostingStatus;
  username: string;
}

export class PostingBook {
  private readonly all: Posting[] = [];
  private readonly byRef = new Map<string, Posting[]>();
  private seq = 0;

  /** Posts an order: debits the account (history entry with the reference), returns the posting. */
  post(account: Account, order: PaymentOrder, at: { now: Date; username: string }): Posting {
    if (!Number.isSafeInteger(order.amount) || order.amount <= 0) throw new RangeError(`posting amount must be a positive integer of minor units: ${order.amount}`);
    if (account.accountNumber !== order.debitAccount) throw new Error('posting: account does not match the order');
    const seq = ++this.seq;
    const today = localIsoDate(at.now);
    const confirmation = `TX${today.replace(/-/g, '')}${String(seq).padStart(6, '0')}`;
    const booked = bookOn(account, today, {
      description: `SEPA CREDIT TRANSFER ${order.beneficiaryName} REF ${order.reference} CONF ${confirmation}`,
      amount: -order.amount,
      endToEndId: order.reference,
      counterparty: order.beneficiaryName,
    });
    const bookingDate = booked.date;
    const posting: Posting = {
      ...order,
      confirmation,
      seq,
      postedAt: at.now.getTime(),
      entryDate: bookingDate,
      debitIban: account.iban,
      status: 'POSTED',
      username: at.username,
    };
    this.all.push(posting);
    const list = this.byRef.get(order.reference);
    if (list) list.push(posting);
    else this.byRef.set(order.reference, [posting]);
    return posting;
  }

  /** Every posting, in posting order. */
  list(): readonly Posting[] {
    return this.all;
  }

  /** The postings with exactly this reference (case-sensitive, after trimming), in posting order. */
  byReference(reference: string): readonly Posting[] {
    return this.byRef.get(reference.trim()) ?? [];
  }

  countByReference(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [ref, list] of this.byRef) out[ref] = list.length;
    return out;
  }
}

/** A posting as the inspection API shows it (amount as a decimal string, times as ISO). */
export function postingJson(p: Posting) {
  return {
    confirmation: p.confirmation,
    seq: p.seq,
    postedAt: new Date(p.postedAt).toISOString(),
    entryDate: p.entryDate,
    executionDate: p.executionDate,
    debitAccount: p.debitAccount,
    debitIban: p.debitIban,
    beneficiaryName: p.beneficiaryName,
    beneficiaryIban: p.beneficiaryIban,
    bic: p.bic,
    amount: toDecimalString(p.amount),
    currency: p.currency,
    reference: p.reference,
    remittance: p.remittance,
    status: p.status,
    username: p.username,
  };
}
