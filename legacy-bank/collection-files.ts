/**
 * Direct-debit collection files the web system has accepted (DD01), in upload order. Like a real
 * bank's upload, it accepts the same file twice: it is the submitter's job never to send it again.
 */
export interface CollectionFile {
  /** The bank's file reference, `DDF-000001`. */
  reference: string;
  messageId: string;
  uploadedAt: number;
  username: string;
  fileName: string;
  transactions: number;
  /** Control sum as text (`84.00`), EUR. */
  amount: string;
  sha256: string;
  status: 'ACCEPTED';
}

export class CollectionFileBook {
  private readonly files: CollectionFile[] = [];

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
}
