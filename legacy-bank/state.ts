/**
 * The in-memory state of the simulated bank: seeded accounts, users, sessions, state tokens,
 * payment postings, and the settings that tests may change while the server runs (maintenance,
 * faults, idle timeout), and the green-screen host's own state (`host`: its sessions and mandate register).
 */
import { CollectionFileBook } from './collection-files.js';
import { germanIban, normalizeIban } from './iban.js';
import { localIsoDate } from './format.js';
import { FaultInjector } from './faults.js';
import { HostState } from './host/host-state.js';
import type { LegacyBankLogger, LegacyBankOptions, LiveFaultSettings, MaintenanceOptions } from './options.js';
import { PostingBook } from './postings.js';
import { BANK_CODE, generateSeedData, type Account, type Customer } from './seed.js';
import { SessionStore } from './sessions.js';
import { AnonymousTokens } from './state-token.js';

/** Settings read on every request: change them on a running server (e.g. `state.settings.faults.errorRate = 1`). */
export interface LiveSettings {
  maintenance: MaintenanceOptions;
  /** Includes `errorAfterPostRate` and `sessionMaxAgeSec` (absent = 0, off). */
  faults: LiveFaultSettings;
  idleTimeoutSec: number;
}

const silentLogger: LegacyBankLogger = { info() {}, warn() {}, error() {} };

export class BankState {
  readonly options: LegacyBankOptions;
  readonly settings: LiveSettings;
  readonly logger: LegacyBankLogger;
  readonly businessDate: string;
  readonly customers: Customer[];
  readonly accounts: Account[];
  readonly sessions: SessionStore;
  readonly loginTokens: AnonymousTokens;
  readonly faults: FaultInjector;
  /** Payments posted through TX01 (and the debits they made). */
  readonly postings: PostingBook;
  /** The green-screen host beside the web system: its terminal sessions and the mandate register. */
  readonly host: HostState;
  /** Direct-debit collection files uploaded through DD01. */
  readonly collectionFiles: CollectionFileBook;
  readonly startedAt: number;
  private readonly users: Map<string, string>;
  private readonly byNumber = new Map<string, Account>();
  private readonly byIban = new Map<string, Account>();

  constructor(options: LegacyBankOptions) {
    this.options = options;
    this.settings = {
      maintenance: { now: options.maintenance.now, windows: [...options.maintenance.windows] },
      faults: { ...options.faults },
      idleTimeoutSec: options.idleTimeoutSec,
    };
    this.logger = options.logger ?? silentLogger;
    this.collectionFiles = new CollectionFileBook({ seed: options.seed, rates: options.collectionOutcomeRates });
    this.startedAt = this.nowMs();
    this.businessDate = options.businessDate ?? localIsoDate(this.now());
    const data = generateSeedData({
      seed: options.seed,
      customers: options.customers,
      historyMonths: options.historyMonths,
      businessDate: this.businessDate,
    });
    this.customers = data.customers;
    this.accounts = data.accounts;
    for (const a of this.accounts) {
      this.byNumber.set(a.accountNumber, a);
      this.byIban.set(a.iban, a);
    }
    this.users = new Map(options.users.map((u) => [u.username, u.password]));
    const idleMs = () => this.settings.idleTimeoutSec * 1000;
    this.sessions = new SessionStore(idleMs, () => (this.settings.faults.sessionMaxAgeSec ?? 0) * 1000);
    this.loginTokens = new AnonymousTokens(idleMs);
    this.faults = new FaultInjector(options.seed);
    this.postings = new PostingBook();
    this.host = new HostState(options.seed, idleMs, () => (this.settings.faults.sessionMaxAgeSec ?? 0) * 1000, options.hostLockMs);
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  nowMs(): number {
    return this.now().getTime();
  }

  /** Constant-time-ish password check; the password is never logged. */
  checkPassword(username: string, password: string): boolean {
    const expected = this.users.get(username);
    if (expected === undefined) return false;
    if (expected.length !== password.length) return false;
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ password.charCodeAt(i);
    return diff === 0;
  }

  /** Opens an account (demos and tests): a 10-digit number not in use, an empty history. */
  openAccount(a: { accountNumber: string; holder: string; currency: string; openingBalance: number; opened: string }): Account {
    if (!/^\d{10}$/.test(a.accountNumber) || this.byNumber.has(a.accountNumber)) throw new Error(`account number ${a.accountNumber} is not 10 digits or is in use`);
    const account: Account = { ...a, iban: germanIban(BANK_CODE, a.accountNumber), customerId: 'C-DEMO', balance: a.openingBalance, overdraftLimit: 0, transactions: [] };
    this.accounts.push(account);
    this.byNumber.set(account.accountNumber, account);
    this.byIban.set(account.iban, account);
    return account;
  }

  /** By 10-digit account number or IBAN (spaces and case ignored). */
  findAccount(ref: string): Account | undefined {
    const s = normalizeIban(ref);
    if (/^\d{10}$/.test(s)) return this.byNumber.get(s);
    return this.byIban.get(s);
  }
}
