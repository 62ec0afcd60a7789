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

/**
 * Generational words and ordinals, each with its one spelling: they tell two people or two companies
 * apart (BOWNE GLOBAL SOLUTIONS II is not BOWNE GLOBAL SOLUTIONS), so they stay as tokens compared
 * for equality. Ordinals written as words (FIRST, THIRD) stay words: they are names' words
 * (FIRST OIL, THIRD FLOOR) and are misspelt like them. Roman numerals (II to IX, not the single letters V and X, which are more often
 * initials) count as ordinals only as the last word of a name.
 */
export const ORDINALS: Record<string, string> = {
  JR: 'JR', JNR: 'JR', JUNIOR: 'JR', SR: 'SR', SNR: 'SR', SENIOR: 'SR',
};
export const ROMAN_ORDINALS: Record<string, string> = {
  II: '2ND', III: '3RD', IV: '4TH', VI: '6TH', VII: '7TH', VIII: '8TH', IX: '9TH',
};
/** "2ND", "3RD", "21ST": written with digits. */
export const NUMERIC_ORDINAL = /^\d+(ST|ND|RD|TH)$/;

/** Words that may follow "LAST," without the name being "LAST, First" ("SMITH, JR."). */
export const SUFFIXES = new Set(['JR', 'JNR', 'SR', 'SNR', 'JUNIOR', 'SENIOR', ...Object.keys(ROMAN_ORDINALS)]);

/**
 * Legal forms by what they mean: two spellings of one form are one (LTD and LIMITED; SA, S.A. and
 * SOCIEDAD ANONIMA); two names whose legal forms share none are two companies (DEUTSCHE BANK AG and
 * DEUTSCHE BANK GMBH), which lowers their score.
 */
export const LEGAL_FORM_MEANING: Record<string, string> = {
  LTD: 'LTD', LIMITED: 'LTD', LLC: 'LLC', 'LIMITED LIABILITY COMPANY': 'LLC', LLP: 'LLP', 'LIMITED LIABILITY PARTNERSHIP': 'LLP', LP: 'LP',
  INC: 'INC', INCORPORATED: 'INC', CORP: 'CORP', CORPORATION: 'CORP', CO: 'CO', COMPANY: 'CO', CIA: 'CO', COMPANIA: 'CO',
  GMBH: 'GMBH', AG: 'AG', SA: 'SA', 'SOCIEDAD ANONIMA': 'SA', 'SOCIETE ANONYME': 'SA', SAS: 'SAS', SARL: 'SARL', SPA: 'SPA', SRL: 'SRL', SL: 'SL',
  BV: 'BV', NV: 'NV', PLC: 'PLC', 'PUBLIC LIMITED COMPANY': 'PLC', PJSC: 'PJSC', 'PUBLIC JOINT STOCK COMPANY': 'PJSC', PAO: 'PJSC',
  OJSC: 'OJSC', 'OPEN JOINT STOCK COMPANY': 'OJSC', OAO: 'OJSC', CJSC: 'CJSC', 'CLOSED JOINT STOCK COMPANY': 'CJSC', ZAO: 'CJSC',
  JSC: 'JSC', 'JOINT STOCK COMPANY': 'JSC', AO: 'JSC', OOO: 'LLC', TOO: 'LLC', KG: 'KG', KGAA: 'KGAA', OHG: 'OHG', SE: 'SE', AB: 'AB',
  AS: 'AS', ASA: 'ASA', OY: 'OY', OYJ: 'OYJ', APS: 'APS', FZE: 'FZE', FZCO: 'FZCO', FZC: 'FZC', FZLLC: 'FZLLC', LTDA: 'LTDA',
  CV: 'CV', 'SA DE CV': 'SA DE CV', 'S DE RL': 'S DE RL', 'S DE RL DE CV': 'S DE RL DE CV', RL: 'RL', 'SOCIEDAD DE RESPONSABILIDAD LIMITADA': 'SRL',
  BHD: 'BHD', SDN: 'SDN', PTE: 'PTE', PVT: 'PVT', 'PRIVATE LIMITED': 'PVT', PTY: 'PTY', KFT: 'KFT', ZRT: 'ZRT', DOO: 'DOO', SAL: 'SAL',
  SAE: 'SAE', WLL: 'WLL', PT: 'PT',
};

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
