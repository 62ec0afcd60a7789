/**
 * The words that normalisation treats specially (see compliance/README.md, "Name normalisation").
 * All upper case, as the normaliser sees them.
 */

/** Legal forms, removed from the end of a name (repeatedly: "CO., LTD."), never leaving it empty. */
export const TRAILING_LEGAL_FORMS = new Set([
  'LTD', 'LIMITED', 'LLC', 'LLP', 'LP', 'INC', 'INCORPORATED', 'CORP', 'CORPORATION', 'CO', 'COMPANY',
  'GMBH', 'AG', 'SA', 'SAS', 'SARL', 'SPA', 'SRL', 'SL', 'BV', 'NV', 'PLC', 'PJSC', 'OJSC', 'CJSC', 'JSC',
  'OAO', 'ZAO', 'OOO', 'PAO', 'AO', 'KG', 'KGAA', 'OHG', 'SE', 'AB', 'AS', 'ASA', 'OY', 'OYJ', 'APS',
  'FZE', 'FZCO', 'FZC', 'FZLLC', 'LTDA', 'CV', 'RL', 'CIA', 'BHD', 'SDN', 'PTE', 'PVT', 'PTY', 'KFT', 'ZRT', 'TOO', 'DOO', 'SAL', 'SAE', 'WLL',
]);

/** Legal forms that stand at the start of a name ("OOO ROMASHKA", "PT MAJU"). */
export const LEADING_LEGAL_FORMS = new Set(['OOO', 'ZAO', 'OAO', 'PAO', 'AO', 'PJSC', 'OJSC', 'CJSC', 'JSC', 'LLC', 'TOO', 'PT']);

/** Legal forms of several words, removed at either end. */
export const LEGAL_FORM_PHRASES: string[][] = [
  'LIMITED LIABILITY COMPANY',
  'LIMITED LIABILITY PARTNERSHIP',
  'CLOSED JOINT STOCK COMPANY',
  'OPEN JOINT STOCK COMPANY',
  'PUBLIC JOINT STOCK COMPANY',
  'JOINT STOCK COMPANY',
  'PUBLIC LIMITED COMPANY',
  'PRIVATE LIMITED',
  'SOCIEDAD ANONIMA',
  'SOCIETE ANONYME',
  'SOCIEDAD DE RESPONSABILIDAD LIMITADA',
  'S DE RL DE CV',
  'SA DE CV',
  'S DE RL',
].map((p) => p.split(' '));

/** Titles removed from the start of a name. */
export const HONORIFICS = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'SIR', 'DAME', 'HERR', 'FRAU', 'MME', 'MLLE',
  'SHEIKH', 'SHAIKH', 'SHEIK', 'SHAYKH', 'HAJI', 'HAJJI', 'HADJI', 'MULLAH', 'MAULANA', 'MAWLAWI', 'MAULAVI',
]);

/** Generational suffixes removed from the end of a name. */
export const SUFFIXES = new Set(['JR', 'JNR', 'SR', 'SNR', 'II', 'III', 'IV']);

/**
 * Particles: joined to the word after them ("AL QAIDA" and "AL-QAIDA" and "ALQAIDA" are one token
 * ALQAIDA, whose core is QAIDA), so that spellings with and without the space meet, and weighed less.
 */
export const PARTICLES = new Set([
  'AL', 'EL', 'UL', 'BIN', 'BEN', 'IBN', 'BINT', 'ABU', 'ABOU', 'ABD', 'ABDUL', 'ABDEL', 'ABDOUL', 'BU',
  'DE', 'DA', 'DI', 'DO', 'DOS', 'DAS', 'DEL', 'DELLA', 'DER', 'DEN', 'LA', 'LE', 'LES', 'VAN', 'VON', 'ZU', 'TER', 'TEN',
]);

/**
 * Common words: connecting words, and words that many entity names share (BANK, TRADING,
 * INTERNATIONAL...). Kept as tokens but weighed less, compared only for equality, never taken for
 * initials, and never used to find candidates: "ACME TRADING" must not resemble every "... TRADING".
 */
export const COMMON_WORDS = new Set([
  'AND', 'OF', 'THE', 'FOR', 'Y', 'ET', 'UND',
  'BANK', 'BANCO', 'BANQUE', 'TRADING', 'TRADE', 'TRADERS', 'INTERNATIONAL', 'INTL', 'INTERNACIONAL', 'GROUP', 'GRUPO',
  'HOLDING', 'HOLDINGS', 'INDUSTRIES', 'INDUSTRIAL', 'INDUSTRY', 'ENTERPRISE', 'ENTERPRISES', 'EMPRESA', 'SERVICES', 'SERVICE',
  'SHIPPING', 'GENERAL', 'IMPORT', 'EXPORT', 'GLOBAL', 'INVESTMENT', 'INVESTMENTS', 'MANAGEMENT', 'CONSULTING',
  'TECHNOLOGY', 'TECHNOLOGIES', 'NATIONAL', 'NACIONAL', 'COMMERCIAL', 'COMERCIAL', 'FOUNDATION', 'ASSOCIATION', 'ORGANIZATION',
  'ORGANISATION', 'AGENCY', 'PARTNERS', 'SOLUTIONS', 'LOGISTICS', 'MARINE', 'MARITIME', 'PETROLEUM', 'ENERGY', 'FINANCE',
  'FINANCIAL', 'CAPITAL', 'EQUIPMENT', 'ENGINEERING', 'CONSTRUCTION', 'DEVELOPMENT', 'COMPANIA', 'SOCIEDAD',
]);
