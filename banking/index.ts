/** The public API of banking/: domain values and rules. */
export { RpaError, BusinessRuleError, classifyError, type ErrorKind } from './rule-error.js';
export * from './errors.js';
export {
  HISTORIC_CURRENCIES,
  MINOR_UNITS,
  currencyCode,
  isCurrencyCode,
  isHistoricCurrency,
  minorUnits,
  minorUnitsOf,
  type AnyCurrencyCode,
  type CurrencyCode,
  type HistoricCurrencyCode,
} from './currency.js';
export { AMOUNT_LOCALES, AMOUNT_LOCALE_NAMES, amountFormat, type AmountFormat, type AmountLocale } from './amount-locale.js';
export { Money } from './money.js';
export { parseAmount, parseMoney, type ParseAmountOptions } from './amount-parse.js';
export { isIban, maskIban, parseIban, type Iban, type ParseIbanOptions } from './iban.js';
export { assertBicMatchesIban, bicCountryMatchesIban, parseBic, type Bic } from './bic.js';
export { SEPA_MAX_LENGTH, SEPA_TEXT, isSepaText, toSepaText, type Offending, type ToSepaTextOptions } from './sepa-charset.js';
export { addDays, addMonths, compareDates, dayOfWeek, isLocalDate, localDate, parseLocalDate, thirtyDayFebruary, todayIn, wallClock, zonedParts, type LocalDate } from './local-date.js';
export {
  BusinessCalendar,
  businessDayOnOrAfter,
  closureOf,
  easterSunday,
  holidayMap,
  isBusinessDay,
  nextBusinessDay,
  target2ClosingDays,
  type CalendarOptions,
  type ClosingDay,
  type Closure,
  type HolidayInput,
} from './calendar.js';
export { BankCalendar, UnknownHolidayRegion, type BankCalendarOptions } from './bank-calendar.js';
export {
  parseCutOff,
  resolveExecutionDate,
  type ExecutionDatePolicy,
  type ExecutionDateReason,
  type OnInvalidExecutionDate,
  type ResolvedExecutionDate,
} from './execution-date.js';
export { creditorIdCheckDigits, isCreditorId, parseCreditorId, sameCreditor, type CreditorId } from './creditor-id.js';
export { CONFUSABLE, repairByCheckDigits, type CheckDigitRepair, type RepairResult } from './check-digit-repair.js';
export { parseMandateReference } from './mandate-reference.js';
export {
  MANDATE_FIELDS,
  MANDATE_SCHEMES,
  MANDATE_STATUSES,
  MANDATE_TYPES,
  checkMandateTerms,
  mandateKey,
  newMandate,
  type DebtorAddress,
  type Mandate,
  type MandateAmendment,
  type MandateCheckOptions,
  type MandateField,
  type MandateInput,
  type MandateScheme,
  type MandateStatus,
  type MandateTerms,
  type MandateType,
} from './mandate.js';
export { EXPIRY_MONTHS, assertCollectable, expiresOn, mandateStatusOn, recordCollection } from './mandate-status.js';
export { amendMandate, type AmendOptions } from './mandate-amendment.js';
export {
  MAX_COLLECTION_AMOUNT,
  SEQUENCE_TYPES,
  checkCollection,
  sequenceTypeFor,
  type Collection,
  type CollectionHistory,
  type CollectionInput,
  type CollectionPolicy,
  type SequenceType,
} from './collection.js';
export {
  assertPreNotified,
  earliestCollectionDate,
  preNotification,
  resolveCollectionDate,
  type CollectionDatePolicy,
  type NoticeStatus,
  type OnLateCollectionDate,
  type PreNotification,
  type ResolvedCollectionDate,
} from './collection-date.js';
export { COLLECTION_STATES, COLLECTION_STEPS, canStep, notYetAt, presented, type CollectionState } from './collection-state.js';
export { creditorReferenceFor, findCreditorReference, isCreditorReference, parseCreditorReference } from './creditor-reference.js';
export { instantOf } from './zoned-instant.js';
export { InvalidMaintenanceWindow, MaintenanceWindows, parseMaintenanceWindow } from './maintenance-window.js';
