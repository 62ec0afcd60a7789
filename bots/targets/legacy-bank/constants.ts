/** Everything this target's page objects know about the legacy-bank HTML: paths, field names, texts. */
export const TARGET = 'legacy-bank';

export const PATHS = {
  login: '/login',
  logout: '/logout',
  main: '/main',
  nav: '/nav',
  enquiry: '/enquiry',
} as const;

export const SELECTORS = {
  loginUser: 'input[name="txtUser"]',
  loginPassword: 'input[name="txtPassword"]',
  loginButton: 'input[name="btnLogin"]',
  accountInput: 'input[name="txtAccount"]',
  searchButton: 'input[name="btnSearch"]',
} as const;

/** Fixed texts of the system's pages (compared upper-case, whitespace collapsed). */
export const TEXTS = {
  maintenance: 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING',
  expired: 'YOUR SESSION HAS EXPIRED',
  terminated: 'SESSION TERMINATED',
  loginRejected: 'INVALID USER ID OR PASSWORD',
  accountNotFound: 'ACCOUNT NOT FOUND',
  menu: 'MAIN MENU',
  historyLink: 'Transaction History',
  nextPage: 'Next >>',
  prevPage: '<< Prev',
} as const;

/** Labels of the account details table (label cell, value in the next cell). */
export const DETAIL_LABELS = {
  accountNumber: 'Account No.:',
  iban: 'IBAN:',
  holder: 'Account Holder:',
  currency: 'Currency:',
  /** Not "Available Balance", which includes the overdraft limit. */
  balance: 'Ledger Balance:',
} as const;

export const HISTORY_COLUMNS = ['Date', 'Description', 'Debit', 'Credit', 'Balance'] as const;
