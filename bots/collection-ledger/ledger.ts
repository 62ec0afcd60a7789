/**
 * The direct-debit ledger: every collection we planned, its state and history, the files it went in,
 * and per mandate what the next collection needs (how many were presented, whether the mandate is
 * stopped). Kept in Redis; each step is one atomic script that applies it only from a state it is
 * allowed from (banking/collection-state.ts), so an answer applied twice changes nothing the second time.
 */
import type { Redis } from 'ioredis';
import { COLLECTION_STATES, COLLECTION_STEPS, presented, type CollectionState } from '../../banking/index.js';
import type { Pain008Entry } from '../../banking/pain008/index.js';
import { MandateBook } from './mandate-book.js';

/** A collection as its file needs it, kept with the ledger's record (amounts as decimal text). */
export type StoredEntry = Omit<Pain008Entry, 'amount'> & { amount: string };

export interface LedgerCollection {
  endToEndId: string;
  umr: string;
  /** The mandate's key (creditor without business code + UMR). */
  mandateKey: string;
  amount: string;
  collectionDate: string;
  sequenceType: string;
  messageId?: string;
  /** A re-presentation: the end-to-end id of the collection it presents again. */
  represents?: string;
  /** The run (cycle) that planned it. */
  runId?: string;
  /** What its file says of it: the debtor, the account, the creditor (a re-presentation copies it). */
  entry?: StoredEntry;
  state: CollectionState;
  history: { state: CollectionState; at: string; reason?: string; source: string }[];
}

export interface StepResult {
  applied: boolean;
  /** The state before (the current one when not applied). */
  from: CollectionState | null;
}

// KEYS[1] collection, KEYS[2] mandate; ARGV: to, allowed-from (comma list), event JSON, presentedBefore (0/1), presentedAfter (0/1)
const STEP = `
local raw = redis.call('GET', KEYS[1])
if not raw then return {0, ''} end
local c = cjson.decode(raw)
local allowed = ',' .. ARGV[2] .. ','
if not string.find(allowed, ',' .. c.state .. ',', 1, true) then return {0, c.state} end
local from = c.state
c.state = ARGV[1]
table.insert(c.history, cjson.decode(ARGV[3]))
redis.call('SET', KEYS[1], cjson.encode(c))
local was = string.find(ARGV[4], ',' .. from .. ',', 1, true) ~= nil
local now = string.find(ARGV[4], ',' .. ARGV[1] .. ',', 1, true) ~= nil
if was and not now then redis.call('HINCRBY', KEYS[2], 'presented', -1) end
if now and not was then redis.call('HINCRBY', KEYS[2], 'presented', 1) end
return {1, from}
`;

/** The states that count as presented to the debtor's bank, as the script matches them. */
const PRESENTED = `,${COLLECTION_STATES.filter(presented).join(',')},`;

export class CollectionLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.mandates = new MandateBook(redis, prefix);
  }

  private key = (e2e: string) => `${this.prefix}dd:collection:${e2e}`;
  private mandate = (mandateKey: string) => `${this.prefix}dd:mandate:${mandateKey}`;
  private file = (messageId: string) => `${this.prefix}dd:file:${messageId}`;
  private run = (runId: string) => `${this.prefix}dd:run:${runId}`;
  private runs = () => `${this.prefix}dd:runs`;
  private representDue = () => `${this.prefix}dd:represent-due`;
  private claimed = (runId: string) => `${this.prefix}dd:represent-claimed:${runId}`;

  /** The mandates' terms as the register confirmed them, and their pending amendments. */
  readonly mandates: MandateBook;

  /**
   * Records a planned collection (once: a second plan of the same end-to-end id is ignored) and lists
   * it under its run, in one transaction: a worker killed between the two left a collection its run's
   * report never listed (198 of 200 in the collection crash proof).
   */
  async plan(c: Omit<LedgerCollection, 'state' | 'history'>, source: string): Promise<boolean> {
    const record: LedgerCollection = { ...c, state: 'planned', history: [{ state: 'planned', at: new Date().toISOString(), source }] };
    const tx = this.redis.multi().set(this.key(c.endToEndId), JSON.stringify(record), 'NX');
    if (c.runId) tx.sadd(this.run(c.runId), c.endToEndId).zadd(this.runs(), 'NX', Date.now(), c.runId);
    const [[, set] = []] = (await tx.exec()) ?? [];
    return set === 'OK';
  }

  /**
   * A claim planned as a collection, with what that does to its mandate: a pending amendment is carried
   * by it (before the plan, so that a plan cut short carries it again), a final collection ends it.
   */
  async planClaim(c: Omit<LedgerCollection, 'state' | 'history'> & { entry: StoredEntry }, source: string): Promise<void> {
    if (c.entry.amendment) await this.mandates.carry(c.mandateKey, c.endToEndId);
    await this.plan(c, source);
    await this.endIfFinal(c);
  }

  /** A final collection (FNAL) ends its mandate: nothing after it. */
  async endIfFinal(c: Pick<LedgerCollection, 'sequenceType' | 'mandateKey' | 'endToEndId'>): Promise<void> {
    if (c.sequenceType === 'FNAL') await this.stopMandate(c.mandateKey, `ended by its final collection ${c.endToEndId}`);
  }

  /** Lists a collection planned before under its run (again): what a plan cut short by a crash before this was atomic may lack. */
  async keepInRun(c: Pick<LedgerCollection, 'endToEndId' | 'runId'>): Promise<void> {
    if (c.runId) await this.redis.multi().sadd(this.run(c.runId), c.endToEndId).zadd(this.runs(), 'NX', Date.now(), c.runId).exec();
  }

  /** What a cycle's report says beyond its collections (the file sent, its counts), kept for the reports after answers. */
  async recordCycle(runId: string, header: unknown): Promise<void> {
    await this.redis.set(`${this.prefix}dd:cycle:${runId}`, JSON.stringify(header));
  }

  async cycleHeader<T>(runId: string): Promise<T | null> {
    const raw = await this.redis.get(`${this.prefix}dd:cycle:${runId}`);
    return raw ? (JSON.parse(raw) as T) : null;
  }

  /** Moves a planned collection (not yet in a file) to another collection date; false when it is past planned. */
  async moveCollectionDate(endToEndId: string, date: string): Promise<boolean> {
    const c = await this.get(endToEndId);
    if (!c || c.state !== 'planned') return false;
    const moved: LedgerCollection = { ...c, collectionDate: date, ...(c.entry ? { entry: { ...c.entry, collectionDate: date as never } } : {}) };
    await this.redis.set(this.key(endToEndId), JSON.stringify(moved));
    return true;
  }

  /** The runs (cycles) that planned collections, newest first. */
  async runIds(limit = 50): Promise<string[]> {
    return this.redis.zrevrange(this.runs(), 0, limit - 1);
  }

  /** The collections a run planned, by end-to-end id. */
  async ofRun(runId: string): Promise<LedgerCollection[]> {
    return this.getMany((await this.redis.smembers(this.run(runId))).sort());
  }

  /** The collections of these end-to-end ids that exist, in one round trip. */
  async getMany(endToEndIds: readonly string[]): Promise<LedgerCollection[]> {
    if (!endToEndIds.length) return [];
    const raws = await this.redis.mget(endToEndIds.map((id) => this.key(id)));
    return raws.flatMap((r) => (r ? [JSON.parse(r) as LedgerCollection] : []));
  }

  /** A collection to present again in its creditor's next cycle (insufficient funds). */
  async dueForRepresentation(endToEndId: string): Promise<void> {
    await this.redis.sadd(this.representDue(), endToEndId);
  }

  /**
   * The re-presentations a cycle takes: those due whose collection `takes` (its creditor's), moved to
   * the run's own set one by one (SMOVE: no two runs take the same one). Claiming ends once for a
   * run: after a crash the run takes again exactly what it took before, so its file is the same.
   */
  async claimRepresentations(runId: string, takes: (c: LedgerCollection) => boolean): Promise<LedgerCollection[]> {
    const done = `${this.claimed(runId)}:done`;
    if (!(await this.redis.exists(done))) {
      for (const id of await this.redis.smembers(this.representDue())) {
        const c = await this.get(id);
        if (c && takes(c)) await this.redis.smove(this.representDue(), this.claimed(runId), id);
      }
      await this.redis.set(done, '1');
    }
    const ids = (await this.redis.smembers(this.claimed(runId))).sort();
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((c): c is LedgerCollection => c !== null);
  }

  async get(endToEndId: string): Promise<LedgerCollection | null> {
    const raw = await this.redis.get(this.key(endToEndId));
    return raw ? (JSON.parse(raw) as LedgerCollection) : null;
  }

  /** Moves a collection to `to` when its state allows it (atomic); else nothing changes. */
  async step(endToEndId: string, mandateKey: string, to: CollectionState, event: { reason?: string; source: string }): Promise<StepResult> {
    const [applied, from] = (await this.redis.eval(
      STEP,
      2,
      this.key(endToEndId),
      this.mandate(mandateKey),
      to,
      COLLECTION_STEPS[to].join(','),
      JSON.stringify({ state: to, at: new Date().toISOString(), ...event }),
      PRESENTED,
    )) as [number, string];
    return { applied: applied === 1, from: (from || null) as CollectionState | null };
  }

  /** Records a file we wrote and the collections in it (a status report names the file by its message id). */
  async recordFile(messageId: string, endToEndIds: string[]): Promise<void> {
    await this.redis.set(this.file(messageId), JSON.stringify({ endToEndIds, at: new Date().toISOString() }));
  }

  /**
   * A debit the bank booked for a collection (dd-control): the first posting seen for it is kept; for
   * another posting of the same collection, the first one's reference (it was booked twice).
   */
  async recordPosting(endToEndId: string, reference: string): Promise<string | null> {
    const key = `${this.prefix}dd:posting:${endToEndId}`;
    await this.redis.set(key, reference, 'NX');
    const first = await this.redis.get(key);
    return first && first !== reference ? first : null;
  }

  /** Whether an answer of the bank (its name and date on the bank's screen) was fetched already. */
  async answerFetched(name: string): Promise<boolean> {
    return (await this.redis.sismember(`${this.prefix}dd:answers-fetched`, name)) === 1;
  }

  async markAnswerFetched(name: string): Promise<void> {
    await this.redis.sadd(`${this.prefix}dd:answers-fetched`, name);
  }

  /** The collections of a file we recorded (end-to-end ids), or null when we did not write it. */
  async fileCollections(messageId: string): Promise<string[] | null> {
    const raw = await this.redis.get(this.file(messageId));
    return raw ? (JSON.parse(raw) as { endToEndIds: string[] }).endToEndIds : null;
  }

  async knowsFile(messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.file(messageId))) === 1;
  }

  /** What the next collection on the mandate needs: how many were presented, and whether it is stopped (and why). */
  async mandateState(mandateKey: string): Promise<{ presented: number; stopped?: string }> {
    const h = await this.redis.hgetall(this.mandate(mandateKey));
    return { presented: Number(h.presented ?? 0), ...(h.stopped ? { stopped: h.stopped } : {}) };
  }

  /** Stops collecting on a mandate (closed account, deceased debtor, no mandate): its next collections are refused. */
  async stopMandate(mandateKey: string, reason: string): Promise<boolean> {
    return (await this.redis.hsetnx(this.mandate(mandateKey), 'stopped', reason)) === 1;
  }
}
