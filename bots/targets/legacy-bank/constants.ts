/** Everything this target's page objects know about the legacy-bank HTML: paths, field names, texts. */
export const TARGET = 'legacy-bank';

export const PATHS = {
  login: '/login',
  logout: '/logout',
  main: '/main',
  nav: '/nav',
  enquiry: '/enquiry',
  payment: '/tx01',
  postings: '/postings',
  /** DD01 collection file upload, DQ01 collection files by message id. */
  collectionUpload: '/collections/upload',
  collectionFiles: '/collections/files',
  /** DD02 the bank's answers (pain.002, camt.054) to collection files, each downloadable. */
  collectionAnswers: '/collections/answers',
  /** DD03 direct debits booked on debtors' accounts, by day. */
  ddPostings: '/collections/postings',
  /** ST01 account statements: a day's statement of an account, downloadable as camt.053 or MT940. */
  statements: '/statements',
} as const;

export const SELECTORS = {
  loginUser: 'input[name="txtUser"]',
  loginPassword: 'input[name="txtPassword"]',
  loginButton: 'input[name="btnLogin"]',
  accountInput: 'input[name="txtAccount"]',
  searchButton: 'input[name="btnSearch"]',
  /** TX01 payment entry form. */
  payment: {
    debitAccount: 'input[name="txtDebitAccount"]',
    beneficiaryName: 'input[name="txtBeneficiaryName"]',
    beneficiaryIban: 'input[name="txtBeneficiaryIban"]',
    bic: 'input[name="txtBic"]',
    amount: 'input[name="txtAmount"]',
    currency: 'input[name="txtCurrency"]',
    executionDate: 'input[name="txtExecutionDate"]',
    reference: 'input[name="txtReference"]',
    remittance: 'input[name="txtRemittance"]',
    continueButton: 'input[name="btnSubmit"]',
    /** On the confirmation page; its onclick asks `confirm('Post this payment?')`. */
    confirmButton: 'input[name="btnConfirm"]',
  },
  /** PQ01 postings by reference. */
  postingsReference: 'input[name="txtReference"]',
  /** DD01 and DQ01. */
  collectionFile: 'input[name="fileCollection"]',
  uploadButton: 'input[name="btnUpload"]',
  collectionMessageId: 'input[name="txtMessageId"]',
  ddPostingDate: 'input[name="txtDate"]',
  statementAccount: 'input[name="txtAccount"]',
  statementDate: 'input[name="txtDate"]',
  showButton: 'input[name="btnShow"]',
  /** The validation messages at the top of a re-displayed form: red text. */
  errorLines: 'font[color="red" i]',
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
  confirmHeading: 'PLEASE CONFIRM THE PAYMENT',
  paymentPosted: 'PAYMENT POSTED',
  noPostings: 'NO POSTINGS FOUND',
  noFiles: 'NO FILES FOUND',
  noAnswers: 'NO ANSWERS',
  /** "FILE ACCEPTED. REFERENCE DDF-000001 - 12 TRANSACTION(S) - TOTAL 84.00 EUR" */
  fileAccepted: /FILE ACCEPTED\. REFERENCE (\S+) - (\d+) TRANSACTION\(S\) - TOTAL ([\d.]+) EUR/,
} as const;

export const COLLECTION_FILE_COLUMNS = ['File Reference', 'Message Id', 'Uploaded', 'Transactions', 'Amount', 'Status'] as const;
export const DD_POSTING_COLUMNS = ['Posting No.', 'Booked', 'Mandate Ref', 'Creditor Id', 'End-to-end Id', 'Debtor Account', 'Debtor', 'Amount'] as const;
export const COLLECTION_ANSWER_COLUMNS = ['File Reference', 'Answer', 'Kind', 'Created'] as const;

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

/** Labels of the payment details tables (confirmation and result pages). */
export const PAYMENT_LABELS = {
  confirmation: 'Confirmation No.:',
  status: 'Status:',
  debitAccount: 'Debit Account:',
  beneficiaryName: 'Beneficiary Name:',
  beneficiaryIban: 'Beneficiary IBAN:',
  amount: 'Amount:',
  currency: 'Currency:',
  executionDate: 'Execution Date:',
  reference: 'Reference:',
} as const;

/** Header of the postings table (the Date column is the execution date). */
export const POSTING_COLUMNS = ['Confirmation No.', 'Date', 'Debit Account', 'Beneficiary', 'Reference', 'Amount', 'Currency', 'Status'] as const;
