/**
 * The inspection API: JSON under /_inspect/, for tests and demos, OFF unless `inspection: true`
 * (404 otherwise). Never affected by maintenance or injected faults: it is the tests' oracle.
 * To add an endpoint (e.g. /_inspect/postings), add an entry to `INSPECTION_ENDPOINTS`.
 */
import type { Context } from 'hono';
import type { BankApp, BankEnv } from './app-env.js';
import { toDecimalString } from './format.js';
import type { HostMandate } from './host/mandate-register.js';
import { maintenanceStatus } from './maintenance.js';
import { postingJson } from './postings.js';
import type { Account } from './seed.js';
import type { BankState } from './state.js';

export interface InspectionEndpoint {
  /** Path under /_inspect, e.g. "/accounts/:ref". */
  path: string;
  description: string;
  /** Returns the JSON body, or undefined for 404. */
  handle(state: BankState, c: Context<BankEnv>): unknown;
}

export function accountJson(a: Account) {
  return {
    accountNumber: a.accountNumber,
    iban: a.iban,
    holder: a.holder,
    customerId: a.customerId,
    currency: a.currency,
    balance: toDecimalString(a.balance),
    overdraftLimit: toDecimalString(a.overdraftLimit),
    opened: a.opened,
    transactionCount: a.transactions.length,
  };
}

export const INSPECTION_ENDPOINTS: InspectionEndpoint[] = [
  {
    path: '/health',
    description: 'liveness, maintenance and fault settings',
    handle: (state) => ({
      status: 'ok',
      uptimeSec: Math.round((state.nowMs() - state.startedAt) / 1000),
      businessDate: state.businessDate,
      maintenance: maintenanceStatus(state.settings.maintenance, state.now()).active,
      faults: state.settings.faults,
      accounts: state.accounts.length,
    }),
  },
  {
    path: '/accounts',
    description: 'every account: number, IBAN, holder, currency, balance as a decimal string',
    handle: (state) => state.accounts.map(accountJson),
  },
  {
    path: '/accounts/:ref',
    description: 'one account (by number or IBAN) with its transactions, oldest first',
    handle: (state, c) => {
      const a = state.findAccount(c.req.param('ref') ?? '');
      if (!a) return undefined;
      return {
        ...accountJson(a),
        openingBalance: toDecimalString(a.openingBalance),
        transactions: a.transactions.map((t) => ({
          seq: t.seq,
          date: t.date,
          description: t.description,
          amount: toDecimalString(t.amount),
          balanceAfter: toDecimalString(t.balanceAfter),
        })),
      };
    },
  },
  {
    path: '/postings',
    description: 'every payment posting (amounts as decimal strings), oldest first, and the count per reference',
    handle: (state) => ({
      postings: state.postings.list().map(postingJson),
      countByReference: state.postings.countByReference(),
    }),
  },
  {
    path: '/postings/:reference',
    description: 'the postings with one reference (URL-encoded; exact, case-sensitive): { reference, count, postings }',
    handle: (state, c) => {
      const reference = c.req.param('reference') ?? '';
      const postings = state.postings.byReference(reference).map(postingJson);
      return { reference, count: postings.length, postings };
    },
  },
  {
    path: '/sessions',
    description: 'active sessions and per-user login, termination and expiry counts',
    handle: (state) => {
      const now = state.nowMs();
      return {
        users: state.sessions.userStats(now),
        active: state.sessions.list(now).map((s) => ({
          username: s.username,
          createdAt: new Date(s.createdAt).toISOString(),
          lastSeenAt: new Date(s.lastSeenAt).toISOString(),
          openTokens: s.tokens.size,
        })),
      };
    },
  },
  {
    path: '/mandates',
    description: "the host's mandate register: every mandate with its amendments, and add attempts per key",
    handle: (state) => ({ mandates: state.host.register.list().map(mandateJson), addAttempts: state.host.register.attempts() }),
  },
  {
    path: '/mandates/:creditorId/:umr',
    description: 'one mandate by creditor id and UMR (URL-encoded; the UMR is case-sensitive), or 404',
    handle: (state, c) => {
      const m = state.host.register.find((c.req.param('creditorId') ?? '').toUpperCase(), c.req.param('umr') ?? '');
      return m ? mandateJson(m) : undefined;
    },
  },
  {
    path: '/collection-files',
    description: 'direct-debit collection files accepted through DD01 (duplicates included), and the uploads per message id',
    handle: (state) => {
      const files = state.collectionFiles.list();
      const uploads: Record<string, number> = {};
      for (const f of files) uploads[f.messageId] = (uploads[f.messageId] ?? 0) + 1;
      return { files: files.map((f) => ({ ...f, uploadedAt: new Date(f.uploadedAt).toISOString() })), uploads };
    },
  },
  {
    path: '/host-sessions',
    description: "the host's terminal sessions: per-user sign-on, termination and expiry counts; keys lost to the lostKeyRate fault",
    handle: (state) => ({
      users: state.host.sessions.userStats(state.nowMs()),
      active: state.host.sessions.list(state.nowMs()).map((s) => ({ username: s.username })),
      lostKeys: state.host.lostKeys,
    }),
  },
];

function mandateJson(m: HostMandate) {
  return { ...m, addedAt: new Date(m.addedAt).toISOString(), amendments: m.amendments.map((a) => ({ ...a, at: new Date(a.at).toISOString() })) };
}

export function registerInspection(app: BankApp, enabled: boolean): void {
  if (!enabled) {
    app.all('/_inspect', (c) => c.json({ error: 'not found' }, 404));
    app.all('/_inspect/*', (c) => c.json({ error: 'not found' }, 404));
    return;
  }
  app.get('/_inspect', (c) => c.json(INSPECTION_ENDPOINTS.map((e) => ({ path: `/_inspect${e.path}`, description: e.description }))));
  for (const endpoint of INSPECTION_ENDPOINTS) {
    app.get(`/_inspect${endpoint.path}`, (c) => {
      const body = endpoint.handle(c.var.bank, c);
      if (body === undefined) return c.json({ error: 'not found' }, 404);
      return c.json(body);
    });
  }
  app.all('/_inspect/*', (c) => c.json({ error: 'not found' }, 404));
}
