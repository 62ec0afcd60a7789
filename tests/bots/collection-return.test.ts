/** The bank's answers applied to the ledger once and acted on by reason code; bad answers are exceptions that apply nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionFor, collectionAnswers, collectionReturn, type CollectionReturnInput, type CollectionReturnResult } from '../../bots/collection-return/index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { doneResult } from '../../queue/item-result.js';
import { ownKeys } from '../../queue/keys.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

const rt = testRuntime({ bots: [collectionReturn, collectionAnswers], config: testConfig({ bots: { 'collection-return': { attempts: 2, backoffMs: 100 } } }) });
const ledger = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
const host = new WorkerHost(rt, ['collection-return', 'collection-answers']);
beforeAll(async () => {
  await host.start();
  await ledger.recordFile('MSG-R-1', []);
  for (const [i, umr] of ['M-A', 'M-B', 'M-C', 'M-D', 'M-E', 'M-F', 'M-G', 'M-H'].entries()) {
    const e2e = `R-${i + 1}`;
    await ledger.plan({ endToEndId: e2e, umr, mandateKey: `DE09999999999/${umr}`, amount: '10.00', collectionDate: '2026-12-15', sequenceType: 'RCUR', messageId: 'MSG-R-1' }, 'test');
    for (const to of ['in-file', 'submitted'] as const) await ledger.step(e2e, `DE09999999999/${umr}`, to, { source: 'test' });
  }
});
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

const answer = (messageId: string, kind: 'pain.002' | 'camt.054' = 'camt.054', originalMessageId?: string) => ({ kind, messageId, file: `${messageId}.xml`, ...(originalMessageId ? { originalMessageId } : {}) });

async function outcomeOf(input: CollectionReturnInput) {
  const d = await dispatchItem(rt, 'collection-return', input, { runId: 'answers-test' });
  return waitFor(async () => {
    const item = await rt.items.get(d.itemId);
    if (item?.status === 'done') {
      const done = await doneResult(rt, 'collection-return', d.itemId);
      return done && { result: done.result as CollectionReturnResult };
    }
    if (item?.status === 'exception') return { exception: (await rt.exceptions.list({ itemId: d.itemId }))[0]!.reason };
    return undefined;
  }, `the outcome of ${d.businessKey}`);
}

describe('collection-return', () => {
  it('a closed account: the reject is recorded, the mandate stopped, and a handler told what to do', async () => {
    const r = await outcomeOf({ answer: answer('STS-1', 'pain.002', 'MSG-R-1'), endToEndId: 'R-1', status: 'rejected', reasonCode: 'AC04' });
    expect(r.exception).toMatch(/R-1 on mandate M-A came back AC04: the debtor's account is closed.*stopped/);
    expect((await ledger.get('R-1'))?.state).toBe('rejected');
    expect(await ledger.mandateState('DE09999999999/M-A')).toEqual({ presented: 0, stopped: 'AC04 (pain.002 STS-1)' });
  });

  it('insufficient funds: presented again in the next cycle; a refusal twice (two notifications) is applied once', async () => {
    await ledger.step('R-2', 'DE09999999999/M-B', 'settled', { source: 'test' });
    const r = await outcomeOf({ answer: answer('NTF-1'), endToEndId: 'R-2', status: 'returned', reasonCode: 'AM04' });
    expect(r.result).toMatchObject({ outcome: 'applied', state: 're-presented', action: 'presented again in the next cycle' });
    await ledger.step('R-3', 'DE09999999999/M-C', 'settled', { source: 'test' });
    expect((await outcomeOf({ answer: answer('NTF-2'), endToEndId: 'R-3', status: 'returned', reasonCode: 'MS02' })).result).toMatchObject({ outcome: 'applied', state: 'returned' });
    expect((await outcomeOf({ answer: answer('NTF-3'), endToEndId: 'R-3', status: 'returned', reasonCode: 'MS02' })).result).toMatchObject({ outcome: 'already-applied', state: 'returned' });
    expect((await ledger.get('R-3'))?.history.filter((h) => h.state === 'returned')).toHaveLength(1);
  });

  it('bad answers are exceptions that apply nothing: an unknown reason code, a collection we never made, a report for a file we did not send', async () => {
    expect((await outcomeOf({ answer: answer('NTF-4'), endToEndId: 'R-4', status: 'returned', reasonCode: 'ZZ99' })).exception).toMatch(/reason code "ZZ99", which we do not know: nothing was applied/);
    expect((await ledger.get('R-4'))?.state).toBe('submitted');
    expect((await outcomeOf({ answer: answer('NTF-5'), endToEndId: 'NEVER-1', status: 'returned', reasonCode: 'MS02' })).exception).toMatch(/collection NEVER-1, which we never made/);
    expect((await outcomeOf({ answer: answer('STS-9', 'pain.002', 'MSG-OTHER'), endToEndId: 'R-5', status: 'rejected', reasonCode: 'AC04' })).exception).toMatch(/answers file MSG-OTHER, which we did not send/);
    expect((await ledger.get('R-5'))?.state).toBe('submitted');
  });
});

describe('an answer file as a run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rpa-answers-'));
  it('a pain.002 and a camt.054 become one item per collection they speak of; the same file again is the same run', async () => {
    const pain002 = path.join(dir, 'status.xml');
    writeFileSync(
      pain002,
      `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt><GrpHdr><MsgId>STS-RUN-1</MsgId><CreDtTm>2026-12-15T08:00:00</CreDtTm></GrpHdr>` +
        `<OrgnlGrpInfAndSts><OrgnlMsgId>MSG-R-1</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>` +
        `<OrgnlPmtInfAndSts><OrgnlPmtInfId>MSG-R-1-1</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>R-6</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>MD01</Cd></Rsn></StsRsnInf></TxInfAndSts></OrgnlPmtInfAndSts>` +
        `</CstmrPmtStsRpt></Document>`,
    );
    const run = await dispatchFile(rt, 'collection-answers', pain002);
    expect(run.items).toHaveLength(1);
    const report = await waitFor(async () => (await rt.queue('collection-answers').getJob(run.runId))?.returnvalue, 'the answers report');
    expect(report).toMatchObject({ counts: { lines: 1, exceptions: 1 }, byReason: { MD01: 1 } });
    expect((await ledger.get('R-6'))?.state).toBe('rejected');
    expect((await dispatchFile(rt, 'collection-answers', pain002)).created).toBe(false);

    await ledger.step('R-7', 'DE09999999999/M-H', 'settled', { source: 'test' });
    const camt = path.join(dir, 'notification.xml');
    const entry = (e2e: string, credit: boolean, reason?: string) =>
      `<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-12-15</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs>${reason ? `<RtrInf><Rsn><Cd>${reason}</Cd></Rsn></RtrInf>` : ''}</TxDtls></NtryDtls></Ntry>`;
    writeFileSync(
      camt,
      `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>NTF-RUN-1</MsgId><CreDtTm>2026-12-15T08:00:00</CreDtTm></GrpHdr>` +
        `<Ntfctn><Id>NTF-RUN-1</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct>${entry('R-4', true)}${entry('R-7', false, 'MD06')}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`,
    );
    const run2 = await dispatchFile(rt, 'collection-answers', camt);
    expect(run2.items).toHaveLength(2);
    const report2 = await waitFor(async () => (await rt.queue('collection-answers').getJob(run2.runId))?.returnvalue, 'the second report');
    expect(report2).toMatchObject({ counts: { lines: 2, applied: 2, exceptions: 0 }, byState: { settled: 1, refunded: 1 } });
  });
});

describe('the action per reason code', () => {
  it('takes the configured action over the built-in one, and keeps a stop\'s advice', () => {
    expect(actionFor('AM04', {})).toEqual({ kind: 're-present' });
    expect(actionFor('AM04', { AM04: 'no-re-presentation' })).toEqual({ kind: 'no-re-presentation' });
    expect(actionFor('AC04', { AC04: 'stop' })).toMatchObject({ kind: 'stop', what: expect.stringMatching(/account is closed/) });
    expect(actionFor('AG01', { AG01: 'stop' })).toMatchObject({ kind: 'stop', what: expect.stringMatching(/AG01/) });
    expect(actionFor('XX99', {})).toBeUndefined();
  });
});
