import { RpaError, type ErrorKind } from '../../banking/index.js';

/** An image file whose structure is broken (a PNG's chunks or compressed data). The readers turn it into ImageDamaged. */
export class StructureError extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  readonly whatNext = 'Scan or export the page again: the image file is damaged.';
}
