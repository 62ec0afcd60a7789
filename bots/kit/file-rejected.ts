import path from 'node:path';
import { RpaError, type ErrorKind } from '../../banking/index.js';

/**
 * A file a run does not process at all (unreadable, empty, its control total wrong): nothing of it
 * is dispatched. Each run names its own subclass (`PaymentFileRejected`, `MandateFileRejected`).
 */
export class FileRejected extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly whatNext: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${path.basename(file)}: ${reason}`);
  }
}

/**
 * A run's id from its file's content: the same content is the same run. Letters only (the hex digits
 * mapped to a–p), so the log masking never takes it for an account number.
 */
export const runIdFromDigest = (prefix: string, sha256: string) => `${prefix}-${sha256.slice(0, 16).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;
