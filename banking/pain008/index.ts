/**
 * banking/pain008 — SEPA direct-debit initiation files (pain.008.001.02 and .001.08):
 *
 *   writePain008(file, entries, { version, messageId, createdAt, initiatingParty, schema? })
 *       // streamed; grouped into payment-information blocks by scheme, sequence type, collection date
 *       // and creditor account; NbOfTxs and CtrlSum exact (Money); validated chunk by chunk when a
 *       // schema is given, else `schema: null` in the result (not checked against a schema)
 *   XsdSchema.load(xsdFile)   // the bank's published XSD, in libxml2 (WebAssembly)
 *
 * Errors: CollectionFileRefused (duplicate end-to-end id, no collection, too many blocks),
 * SchemaInvalid (names the collection and the element), SchemaUnusable (the XSD file).
 */
export { PAIN008_VERSIONS, type CreditorAccount, type MandateAmendmentDetails, type Pain008Entry, type Pain008Version } from './message.js';
export { CollectionFileRefused, writePain008, type Pain008Options, type WrittenBlock, type WrittenPain008 } from './writer.js';
export { SchemaInvalid, SchemaUnusable, XsdSchema, type SchemaProblem } from './xsd-schema.js';
