/**
 * ISO 20022 message versions by namespace: `urn:iso:std:iso:20022:tech:xsd:camt.053.001.08` is
 * camt.053 version 8. Which versions a reader supports is its own list; anything else is an
 * `UnsupportedMessageVersion` naming the namespace and the supported versions.
 */
import { BankFileMalformed, UnsupportedMessageVersion } from './errors.js';

export interface MessageVersion {
  /** `camt.053`, `pain.002`... */
  message: string;
  version: number;
  namespace: string;
}

const ISO_NS = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.001\.(\d\d)$/;

export function messageVersion(namespace: string): MessageVersion | undefined {
  const m = ISO_NS.exec(namespace.trim());
  return m ? { message: m[1]!, version: Number(m[2]), namespace: namespace.trim() } : undefined;
}

/** The version of one of `messages`, within [min, max]; else a clear error. */
export function supportedVersion(namespace: string, file: string, messages: readonly string[], min: number, max: number): MessageVersion {
  const range = `${messages.join('/')} versions ${String(min).padStart(2, '0')} to ${String(max).padStart(2, '0')}`;
  if (!namespace) {
    throw new BankFileMalformed({
      file,
      problem: 'missing-element',
      reason: `the Document element has no ISO 20022 namespace (xmlns), so its message and version cannot be told; expected ${range}`,
    });
  }
  const v = messageVersion(namespace);
  if (!v || !messages.includes(v.message) || v.version < min || v.version > max) {
    throw new UnsupportedMessageVersion({
      file,
      problem: 'unsupported-version',
      reason: `the namespace "${namespace}" is not one we read (${range})`,
      details: { namespace },
    });
  }
  return v;
}
