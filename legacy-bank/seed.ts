/**
 * Deterministic seed data: customers, accounts and months of booked transactions.
 * Same seed + same options + same business date → identical data.
 * All amounts are integer minor units (cents); every seeded currency has 2 decimals.
 */
import { germanIban } from './iban.js';
import { dayNumber, isoFromDay, type IsoDate } from './format.js';
import { createPrng, type Prng } from './prng.js';

/** The simulated bank's German bank code (BLZ); fictitious. */
export const BANK_CODE = '10020030';
export const BANK_NAME = 'NORDSTERN BANK AG';

export interface Customer {
  id: string;
  name: string;
  kind: 'private' | 'business';
}

export interface Transaction {
  /** Booking order within the account (1 = oldest). */
  seq: number;
  date: IsoDate;
  description: string;
  /** Signed minor units: negative = debit, positive = credit. */
  amount: number;
  /** Running balance after this booking (minor units). */
  balanceAfter: number;
  /** The payment's end-to-end id, when the booking is one (statements carry it). */
  endToEndId?: string;
  /** The other party's name, when known (statements carry it). */
  counterparty?: string;
  /** A batch booking's message id (a direct-debit file credited as one entry). */
  batch?: string;
}

export interface Account {
  /** 10 digits, may start with 0: always a string. */
  accountNumber: string;
  iban: string;
  customerId: string;
  holder: string;
  currency: string;
  /** Current balance (minor units) = opening balance + all transactions. */
  balance: number;
  openingBalance: number;
  /** Agreed overdraft (minor units, >= 0): available balance = balance + overdraft limit. */
  overdraftLimit: number;
  opened: IsoDate;
  /** Oldest first. */
  transactions: Transaction[];
}

export interface SeedData {
  businessDate: IsoDate;
  customers: Customer[];
  accounts: Account[];
}

export interface SeedOptions {
  seed: number;
  customers: number;
  historyMonths: number;
  businessDate: IsoDate;
}

const FIRST = ['Anna', 'Jürgen', 'Maria', 'Thomas', 'Sabine', 'Michael', 'Katrin', 'Stefan', 'Ursula', 'Andreas',
  'Petra', 'Klaus', 'Monika', 'Frank', 'Birgit', 'Jörg', 'Claudia', 'Ralf', 'Heike', 'Uwe', 'Sophie', 'Lukas',
  'Émilie', 'Pierre', 'Giulia', 'Marco', "Seán", 'Zoë', 'Ayşe', 'Mehmet'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hofmann', 'Hartmann', "O'Brien", 'Dupont', 'Rossi', 'Yılmaz', 'van der Berg', 'Groß', 'Lange'];
const COMPANY_STEM = ['Nordlicht', 'Rheintal', 'Alpen', 'Hansa', 'Elbe', 'Brücke', 'Sonnen', 'Eichen', 'Kraft & Söhne',
  'Meier & Partner', 'Bergmann', 'Falken', 'Westwind', 'Lindgrün', 'Mühlen'];
const COMPANY_TRADE = ['Logistik', 'Bau', 'Handel', 'Software', 'Maschinenbau', 'Gastronomie', 'Immobilien', 'Druck',
  'Elektro', 'Medien'];
const COMPANY_FORM = ['GmbH', 'GmbH & Co. KG', 'AG', 'e.K.', 'KG', 'UG (haftungsbeschränkt)'];

const EMPLOYERS = ['ACME GMBH', 'STADT MUENCHEN', 'SIEMENS AG', 'DEUTSCHE BAHN AG', 'KLINIKUM NORD', 'BOSCH GMBH',
  'UNIVERSITAET HAMBURG', 'ALDI SUED KG'];
const SHOPS = ['REWE MARKT 4411', 'EDEKA CENTER 0815', 'LIDL SAGT DANKE', 'DM DROGERIE 1207', 'H&M 0231',
  'C&A MODE 552', 'ARAL TANKSTELLE 77', 'SHELL 3312', 'IKEA BERLIN', 'MEDIAMARKT 0919', 'AMAZON EU SARL',
  'DB VERTRIEB GMBH', 'LIEFERANDO.DE', 'APOTHEKE AM MARKT', 'BAECKEREI <KAMPS>'];
const UTILITIES = ['STADTWERKE MUENCHEN STROM', 'VATTENFALL EUROPE SALES', 'TELEKOM DEUTSCHLAND', 'VODAFONE GMBH',
  'ALLIANZ VERSICHERUNGS-AG', 'HUK-COBURG', 'RUNDFUNK ARD ZDF DRADIO', 'NETFLIX INTERNATIONAL'];
const LANDLORDS = ['HAUSVERWALTUNG KRAUSE', 'VONOVIA SE', 'WOHNBAU GMBH', 'IMMOBILIEN SCHULTE'];
const CLIENTS = ['KUNDE', 'AUFTRAG', 'RECHNUNG'];
const SUPPLIERS = ['WUERTH GMBH & CO. KG', 'METRO AG', 'OFFICE DEPOT', 'STAHL HANDEL NORD', 'DHL PAKET GMBH',
  'ADOBE SYSTEMS', 'SAP DEUTSCHLAND'];

function accountNumber(prng: Prng): string {
  // two draws: 5 + 5 digits, so the range exceeds 2^32 and leading zeros occur (~10%)
  return String(prng.int(0, 99_999)).padStart(5, '0') + String(prng.int(0, 99_999)).padStart(5, '0');
}

function customerName(prng: Prng, kind: Customer['kind']): string {
  if (kind === 'private') return `${prng.pick(FIRST)} ${prng.pick(LAST)}`;
  return `${prng.pick(COMPANY_STEM)} ${prng.pick(COMPANY_TRADE)} ${prng.pick(COMPANY_FORM)}`;
}

function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

function isWeekday(day: number): boolean {
  const wd = new Date(day * 86_400_000).getUTCDay();
  return wd !== 0 && wd !== 6;
}

/** A monthly event due on `target` is booked on the first business day on or after it. */
function isMonthlyBookingDay(day: number, dom: number, target: number): boolean {
  if (dom < target) return false;
  for (let d = target; d < dom; d++) if (isWeekday(day - (dom - d))) return false;
  return true;
}

interface Booking {
  day: number;
  description: string;
  amount: number;
  /** The other party, where the booking names one (statements carry it). */
  counterparty?: string;
}

const cents = (prng: Prng, minUnits: number, maxUnits: number) => prng.int(minUnits * 100, maxUnits * 100);

/** The bookings of one account between two days (inclusive), unordered. */
function generateBookings(prng: Prng, kind: Customer['kind'], fromDay: number, toDay: number): Booking[] {
  const out: Booking[] = [];
  const scale = kind === 'business' ? prng.pick([1, 5, 20, 100]) : 1;
  const salary = cents(prng, 1_800, 6_500);
  const salaryDay = prng.int(25, 28);
  const employer = prng.pick(EMPLOYERS);
  const rent = cents(prng, 450, 1_900);
  const landlord = prng.pick(LANDLORDS);
  const utilities = Array.from({ length: prng.int(2, 4) }, () => ({
    name: prng.pick(UTILITIES),
    amount: cents(prng, 9, 160),
    dom: prng.int(2, 20),
  }));
  const cardRate = kind === 'business' ? 0.3 : prng.pick([0.2, 0.35, 0.5]);
  let mandateNo = prng.int(100_000, 999_999);
  let invoiceNo = prng.int(1_000, 90_000);

  for (let day = fromDay; day <= toDay; day++) {
    const date = new Date(day * 86_400_000);
    const dom = date.getUTCDate();
    const month = date.getUTCMonth() + 1;
    const year = date.getUTCFullYear();
    const period = `${String(month).padStart(2, '0')}/${year}`;
    const lastDom = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (!isWeekday(day)) continue; // bookings on business days only
    if (kind === 'private') {
      if (isMonthlyBookingDay(day, dom, salaryDay)) {
        out.push({ day, description: `SEPA CREDIT TRANSFER SALARY ${period} ${employer}`, amount: salary, counterparty: employer });
      }
      if (isMonthlyBookingDay(day, dom, 1)) {
        out.push({ day, description: `STANDING ORDER RENT ${period} ${landlord}`, amount: -rent, counterparty: landlord });
      }
      for (const u of utilities) {
        if (isMonthlyBookingDay(day, dom, u.dom)) {
          out.push({ day, description: `SEPA DIRECT DEBIT ${u.name} MANDATE M-${mandateNo++}`, amount: -u.amount, counterparty: u.name });
        }
      }
      const cards = prng.chance(cardRate) ? prng.int(1, 2) : 0;
      for (let i = 0; i < cards; i++) {
        const shop = prng.pick(SHOPS);
        out.push({ day, description: `CARD PAYMENT ${shop}`, amount: -cents(prng, 3, 140), counterparty: shop });
      }
      if (prng.chance(0.06)) {
        out.push({ day, description: `ATM WITHDRAWAL ${prng.pick(['HAUPTBAHNHOF', 'MARIENPLATZ', 'ALEXANDERPLATZ', 'FILIALE 012'])}`, amount: -prng.pick([5_000, 10_000, 20_000, 30_000]) });
      }
      if (prng.chance(0.04)) {
        out.push({ day, description: `SEPA CREDIT TRANSFER ${prng.pick(FIRST).toUpperCase()} ${prng.pick(LAST).toUpperCase()} ${prng.pick(['GESCHENK', 'DANKE', 'KINO', 'URLAUB'])}`, amount: cents(prng, 10, 400) });
      }
      if (prng.chance(0.03)) {
        out.push({ day, description: `SEPA CREDIT TRANSFER ONLINE BANKING ${prng.pick(['SPARPLAN', 'UMBUCHUNG', 'KREDITKARTE'])}`, amount: -cents(prng, 50, 1_500) });
      }
    } else {
      const inflows = prng.chance(0.4) ? prng.int(1, 2) : 0;
      for (let i = 0; i < inflows; i++) {
        const client = prng.pick(CLIENTS);
        out.push({ day, description: `SEPA CREDIT TRANSFER ${client} ${prng.int(10_000, 99_999)} RE-${invoiceNo++}`, amount: cents(prng, 200, 9_000) * scale, counterparty: client });
      }
      if (prng.chance(0.4)) {
        const supplier = prng.pick(SUPPLIERS);
        out.push({ day, description: `SEPA CREDIT TRANSFER ${supplier} INV ${prng.int(100_000, 999_999)}`, amount: -cents(prng, 100, 6_000) * scale, counterparty: supplier });
      }
      if (isMonthlyBookingDay(day, dom, 28)) {
        out.push({ day, description: `SEPA BATCH PAYROLL ${period} (${prng.int(3, 60)} ITEMS)`, amount: -cents(prng, 8_000, 30_000) * scale });
      }
      if (isMonthlyBookingDay(day, dom, 10)) {
        out.push({ day, description: `SEPA DIRECT DEBIT FINANZAMT UMSATZSTEUER ${period}`, amount: -cents(prng, 500, 9_000) * scale, counterparty: 'FINANZAMT' });
      }
      if (prng.chance(0.05)) {
        const shop = prng.pick(SHOPS);
        out.push({ day, description: `CARD PAYMENT ${shop}`, amount: -cents(prng, 20, 900), counterparty: shop });
      }
    }
    // month-end account fee on the last business day; quarterly interest on overdrafts is simulated as a fee
    const isLastBusinessDay = (() => {
      for (let d = dom + 1; d <= lastDom; d++) if (isWeekday(day + (d - dom))) return false;
      return true;
    })();
    if (isLastBusinessDay) {
      out.push({ day, description: `ACCOUNT MAINTENANCE FEE ${period}`, amount: -(kind === 'business' ? 1_990 : 690) });
      if (month % 3 === 0) {
        out.push({ day, description: `INTEREST Q${month / 3}/${year}`, amount: prng.int(1, 900) * (kind === 'business' ? 10 : 1) });
      }
    }
  }
  return out;
}

export function generateSeedData(opts: SeedOptions): SeedData {
  const root = createPrng(opts.seed, 'bank');
  const toDay = dayNumber(opts.businessDate);
  const fromDay = dayNumber(addMonths(opts.businessDate, -opts.historyMonths)) + 1;
  const customers: Customer[] = [];
  const accounts: Account[] = [];
  const usedNumbers = new Set<string>();

  for (let c = 0; c < opts.customers; c++) {
    const prng = root.fork(`customer-${c}`);
    const kind: Customer['kind'] = prng.chance(0.2) ? 'business' : 'private';
    const customer: Customer = { id: `C${String(100_001 + c)}`, name: customerName(prng, kind), kind };
    customers.push(customer);
    const nAccounts = prng.pick([1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
    for (let a = 0; a < nAccounts; a++) {
      let number = accountNumber(prng);
      while (usedNumbers.has(number)) number = accountNumber(prng);
      usedNumbers.add(number);
      const currency = a > 0 && prng.chance(0.3) ? prng.pick(['USD', 'GBP', 'CHF']) : prng.chance(0.05) ? 'CHF' : 'EUR';
      const opened = isoFromDay(fromDay - prng.int(30, 20 * 365));
      const openingBalance =
        kind === 'business'
          ? prng.int(-2_000_000, 250_000_000)
          : prng.chance(0.15)
            ? -prng.int(0, 300_000)
            : prng.int(0, 1_500_000);
      const overdraftLimit = kind === 'business' ? prng.pick([0, 2_500_000, 10_000_000]) : prng.pick([0, 50_000, 100_000, 300_000]);
      const history = generateBookings(prng.fork(`history-${a}`), kind, fromDay, toDay)
        .map((b, i) => ({ ...b, i }))
        .sort((x, y) => x.day - y.day || x.i - y.i);
      let balance = openingBalance;
      const transactions: Transaction[] = history.map((b, i) => {
        balance += b.amount;
        return { seq: i + 1, date: isoFromDay(b.day), description: b.description, amount: b.amount, balanceAfter: balance, ...(b.counterparty ? { counterparty: b.counterparty } : {}) };
      });
      accounts.push({
        accountNumber: number,
        iban: germanIban(BANK_CODE, number),
        customerId: customer.id,
        holder: customer.name,
        currency,
        balance,
        openingBalance,
        overdraftLimit,
        opened,
        transactions,
      });
    }
  }
  return { businessDate: opts.businessDate, customers, accounts };
}
