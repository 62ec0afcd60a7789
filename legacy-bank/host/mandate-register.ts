/**
 * The host's mandate register (the data behind MNDI/MNDA/MNDU/MNDC/MNDL), as a mainframe keeps it:
 * keyed by creditor identifier and UMR, the UMR case-sensitive. Like a real register it refuses an
 * add whose key exists (`DUPLICATE KEY`), but it records every amendment it is sent, even one that
 * changes nothing: applying the same amendment twice is two amendments.
 */
export interface HostMandate {
  creditorId: string;
  umr: string;
  creditorName: string;
  debtorName: string;
  address1: string;
  address2: string;
  country: string;
  iban: string;
  bic: string;
  /** CORE or B2B. */
  scheme: string;
  /** RCUR or OOFF. */
  type: string;
  /** DDMMYYYY as keyed. */
  signedOn: string;
  place: string;
  /** Y or N. */
  b2bConfirmed: string;
  status: 'ACTIVE' | 'CANCELLED';
  addedAt: number;
  addedBy: string;
  amendments: HostAmendment[];
}

export type HostMandateData = Omit<HostMandate, 'status' | 'addedAt' | 'addedBy' | 'amendments'>;
/** Fields an amendment may change (the key and the status are not among them). */
export type AmendableField = Exclude<keyof HostMandateData, 'creditorId' | 'umr'>;

export interface HostAmendment {
  /** 1, 2, 3 … per mandate. */
  number: number;
  at: number;
  by: string;
  changes: { field: AmendableField; from: string; to: string }[];
}

/** The register's key: the creditor id without its business code (positions 5–7), and the UMR as given. */
export const mandateRegisterKey = (creditorId: string, umr: string) => `${creditorId.slice(0, 4)}${creditorId.slice(7)}|${umr}`;

export class MandateRegister {
  private readonly byKey = new Map<string, HostMandate>();
  /** Every add attempt per key, refused ones included (for the inspection API: "entered once"). */
  private readonly addAttempts = new Map<string, number>();

  find(creditorId: string, umr: string): HostMandate | undefined {
    return this.byKey.get(mandateRegisterKey(creditorId, umr));
  }

  /** Adds a mandate; false when its key exists (DUPLICATE KEY). */
  add(data: HostMandateData, at: { now: number; username: string }): HostMandate | false {
    const key = mandateRegisterKey(data.creditorId, data.umr);
    this.addAttempts.set(key, (this.addAttempts.get(key) ?? 0) + 1);
    if (this.byKey.has(key)) return false;
    const m: HostMandate = { ...data, status: 'ACTIVE', addedAt: at.now, addedBy: at.username, amendments: [] };
    this.byKey.set(key, m);
    return m;
  }

  /** Records an amendment of the fields given (all of them, changed or not) and applies it. */
  amend(m: HostMandate, fields: Partial<Record<AmendableField, string>>, at: { now: number; username: string }): HostAmendment {
    const changes = (Object.keys(fields) as AmendableField[]).map((field) => ({ field, from: m[field], to: fields[field]! }));
    for (const c of changes) m[c.field] = c.to;
    const amendment = { number: m.amendments.length + 1, at: at.now, by: at.username, changes };
    m.amendments.push(amendment);
    return amendment;
  }

  cancel(m: HostMandate): void {
    m.status = 'CANCELLED';
  }

  /** The debtor's mandates (by IBAN), oldest first. */
  byDebtor(iban: string): HostMandate[] {
    return [...this.byKey.values()].filter((m) => m.iban === iban).sort((a, b) => a.addedAt - b.addedAt);
  }

  list(): HostMandate[] {
    return [...this.byKey.values()];
  }

  /** Add attempts per key (a key tried twice: the second one was refused as DUPLICATE KEY). */
  attempts(): Record<string, number> {
    return Object.fromEntries(this.addAttempts);
  }
}
