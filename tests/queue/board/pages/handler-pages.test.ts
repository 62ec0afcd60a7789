/** The exception handlers' pages over HTTP: the inbox's filters, the exception page, and every decision checked by the store. */
import { describe, expect, it } from 'vitest';
import { dispatchItem } from '../../../../queue/dispatch.js';
import { itemIdFor } from '../../../../queue/item-index.js';
import { waitFor } from '../../../helpers/wait.js';
import { usePagesBoard } from './fixture.js';
import { entered, toyPay } from './toy-bots.js';

const board = usePagesBoard({ bots: [toyPay], workerBots: ['toy-pay'], config: { bots: { 'toy-pay': { attempts: 1 } }, board: { slaHours: 2 } } });

const tag = Math.random().toString(36).slice(2, 7).replace(/\d/g, 'q');
const source = (row: number, name: string) => ({ file: 'payments <Nov>.xlsx', sheet: 'Payments', row, cells: { Reference: `H-${row}`, Beneficiary: name, Amount: '10,00' } });

async function exceptionFor(ref: string, beneficiary: string, runId = `run-h-${tag}`, row = 4) {
  const d = await dispatchItem(board.rt, 'toy-pay', { ref, beneficiary, amount: 10, source: source(row, beneficiary) }, { runId });
  const item = await waitFor(async () => {
    const i = await board.rt.items.get(d.itemId);
    return i?.status === 'exception' && i.exceptionId && i;
  }, `the exception of ${ref}`);
  return { itemId: d.itemId, excId: item.exceptionId!, path: `/exceptions/${item.exceptionId!}` };
}

const actions = async (target: string) => (await board.audit.list({ target, page: 1, pageSize: 50 })).entries.map((e) => `${e.actor} ${e.action} ${JSON.stringify(e.details)}`);

describe('the exception page and its decisions', () => {
  it('shows the reason, the source row and the item\'s data in the bot\'s form; edit and resume is checked by the schema, then the item runs again, once', async () => {
    const ref = `H-BAD-${tag}`;
    const e = await exceptionFor(ref, 'BAD name Ltd');
    const page = await board.get(e.path, 'handler');
    expect(page.status).toBe(200);
    expect(page.text).toContain('the beneficiary name &quot;BAD name Ltd&quot; is not allowed');
    expect(page.text).toMatch(/Source: row 4 of payments &lt;Nov&gt;.xlsx \(sheet Payments\)/);
    expect(page.text).toMatch(/<td class="mono">BAD name Ltd<\/td>/);
    expect(page.text).toMatch(/<input id="f-in-beneficiary" name="in.beneficiary" type="text" value="BAD name Ltd"/);
    // The bot's labels, the field the error is about flagged, and no internal field to edit (the source row is read-only evidence).
    expect(page.text).toContain('Beneficiary name');
    expect(page.text).toMatch(/class="field invalid"><label for="f-in-beneficiary">Beneficiary name/);
    expect(page.text).toMatch(/id="f-in-beneficiary-err">this is the field the error is about/);
    expect(page.text).not.toContain('name="in.source.cells"');
    expect(page.text).toContain(`action="${e.path}/resume"`);
    // A viewer may not see the inbox pages; an operator sees the page but no resume form for a business exception.
    expect((await board.get(e.path, 'viewer')).status).toBe(403);
    const asOperator = await board.get(e.path, 'operator');
    expect(asOperator.text).not.toContain(`action="${e.path}/resume"`);
    expect((await board.post(`${e.path}/resume`, 'operator', { 'in.ref': ref, 'in.beneficiary': 'Good Name', 'in.amount': '10' })).status).toBe(403);

    const invalid = await board.post(`${e.path}/resume`, 'handler', { 'in.ref': ref, 'in.beneficiary': 'X', 'in.amount': '-3', 'in.currency': 'EUR' });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toMatch(/id="f-in-beneficiary-err">[^<]*2/);
    expect(invalid.text).toMatch(/id="f-in-amount-err">[^<]*0/);
    expect((await board.rt.exceptions.get(e.excId)).status).toBe('open');

    const cells = JSON.stringify(source(4, 'Good Name Ltd').cells);
    const ok = await board.post(`${e.path}/resume`, 'handler', {
      'in.ref': ref,
      'in.beneficiary': 'Good Name Ltd',
      'in.amount': '10',
      'in.currency': 'EUR',
      'in.source.file': 'payments <Nov>.xlsx',
      'in.source.sheet': 'Payments',
      'in.source.row': '4',
      'in.source.cells': cells,
      note: 'name from the invoice',
    });
    expect(ok.status).toBe(303);
    await waitFor(async () => (await board.rt.items.get(e.itemId))?.status === 'done', 'the resumed item done');
    expect(entered.get(ref)).toBe(1);
    const decided = await board.rt.exceptions.get(e.excId);
    expect(decided).toMatchObject({ status: 'resumed', decision: { by: 'handler', note: 'name from the invoice', editedInput: { beneficiary: 'Good Name Ltd' } } });
    expect(await actions(`item:${e.itemId}`)).toEqual([expect.stringMatching(/^handler edit .*"fields":\["beneficiary"\]/)]);
    expect(await actions(`exception:${e.excId}`)).toEqual([expect.stringMatching(/^handler decision .*"decision":"resume".*"edited":true/)]);
    // Decided: a second decision is refused by the store, whoever sends it.
    const again = await board.post(`${e.path}/reject`, 'approver', { note: 'too late' });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/already resumed by handler/);
  });

  it('assign to me, comment, reject with a reason: each checked by role, each audited', async () => {
    const e = await exceptionFor(`H-REJ-${tag}`, 'BAD again');
    expect((await board.post(`${e.path}/assign`, 'operator')).status).toBe(403);
    expect((await board.post(`${e.path}/assign`, 'handler2')).location).toBe(`${e.path}?done=assigned`);
    expect((await board.rt.exceptions.get(e.excId)).assignee).toBe('handler2');
    const mine = await board.get('/inbox?mine=1', 'handler2');
    expect(mine.text).toContain(`href="${e.path}"`);
    expect((await board.get('/inbox?mine=1', 'handler')).text).not.toContain(`href="${e.path}"`);
    // Someone else's: a handler may take it over (to themselves), not give it back for them.
    expect((await board.post(`${e.path}/unassign`, 'handler')).status).toBe(403);
    expect((await board.post(`${e.path}/comment`, 'operator', { note: 'customer called: <b>urgent</b>' })).status).toBe(303);
    expect((await board.post(`${e.path}/comment`, 'handler', { note: '   ' })).status).toBe(422);
    expect((await board.post(`${e.path}/reject`, 'handler2', { note: '' })).status).toBe(422);
    expect((await board.post(`${e.path}/reject`, 'handler2', { note: 'the customer withdrew it' })).status).toBe(303);
    await waitFor(async () => (await board.rt.items.get(e.itemId))?.status === 'rejected', 'the item rejected');
    const page = await board.get(e.path, 'handler');
    expect(page.text).toContain('customer called: &lt;b&gt;urgent&lt;/b&gt;');
    expect(page.text).toMatch(/reject by handler2/);
    expect(page.text).not.toContain(`action="${e.path}/reject"`);
    expect(await actions(`exception:${e.excId}`)).toEqual([
      expect.stringMatching(/^handler2 decision .*"decision":"reject"/),
      expect.stringMatching(/^operator comment .*urgent/),
      expect.stringMatching(/^handler2 assign/),
    ]);
  });

  it('a compliance hold: the screening explanation and list entry; recommended by one person, released by a different approver', async () => {
    const ref = `H-HOLD-${tag}`;
    const e = await exceptionFor(ref, 'HOLD TRADING');
    const page = await board.get(e.path, 'approver');
    expect(page.text).toMatch(/<pre class="data screening">REVIEW: &quot;HOLD TRADING&quot; scored 0.930/);
    expect(page.text).toMatch(/<td class="mono">4242<\/td><td>HOLD TRADING LLC<\/td>/);
    expect(page.text).toMatch(/<span class="badge bad">critical<\/span>/);
    expect(page.text).toContain('Nobody has recommended a release yet.');
    // Approve before any recommendation: refused by the store.
    expect((await board.post(`${e.path}/approve`, 'approver', {})).text).toMatch(/only after someone has recommended it/);
    // A handler recommends; a handler cannot approve (role); the recommender cannot approve (four eyes).
    expect((await board.post(`${e.path}/recommend`, 'handler', { note: 'different date of birth' })).location).toBe(`${e.path}?done=recommended`);
    const handlerApproves = await board.post(`${e.path}/approve`, 'handler2', {});
    expect(handlerApproves.status).toBe(403);
    expect(handlerApproves.text).toMatch(/needs the role approver/);
    expect((await board.post(`${e.path}/recommend`, 'approver2', {})).text).toMatch(/has already recommended/);
    expect((await board.rt.exceptions.get(e.excId)).status).toBe('open');
    expect(entered.get(ref)).toBeUndefined();
    expect((await board.post(`${e.path}/approve`, 'approver', { note: 'checked the passport' })).location).toBe(`${e.path}?done=approved`);
    await waitFor(async () => (await board.rt.items.get(e.itemId))?.status === 'done', 'the released item done');
    expect(entered.get(ref)).toBe(1);
    expect((await board.rt.exceptions.get(e.excId)).approvals.map((a) => [a.by, a.as])).toEqual([
      ['handler', 'recommend'],
      ['approver', 'approve'],
    ]);

    // The same person cannot do both, even an approver who recommended.
    const e2 = await exceptionFor(`H-HOLD2-${tag}`, 'HOLD TRADING CO');
    expect((await board.post(`${e2.path}/recommend`, 'approver2', { note: 'looks fine' })).status).toBe(303);
    expect((await board.get(e2.path, 'approver2')).text).toContain('You recommended this release: another approver must approve it.');
    const self = await board.post(`${e2.path}/approve`, 'approver2', {});
    expect(self.status).toBe(403);
    expect(self.text).toMatch(/approver2 recommended this release; a release needs a second, different approver/);
    expect((await board.rt.exceptions.get(e2.excId)).status).toBe('open');
  });

  it('a compliance hold: no role resumes it, with or without corrected data (direct POSTs); corrected data go with the recommendation and are approved by someone else, then screened again', async () => {
    const ref = `H-EDIT-${tag}`;
    const e = await exceptionFor(ref, 'HOLD TRADING', `run-h-edit-${tag}`, 7);
    const row = source(7, 'HOLD TRADING');
    // The whole form, as the page sends it.
    const renamed = {
      'in.ref': ref,
      'in.beneficiary': 'Harbour Bakery',
      'in.amount': '10',
      'in.currency': 'EUR',
      'in.source.file': row.file,
      'in.source.sheet': row.sheet,
      'in.source.row': String(row.row),
      'in.source.cells': JSON.stringify(row.cells),
    };
    // The page offers no resume on a hold; a direct POST of every role, plain or with edited data, is refused.
    const handlerPage = await board.get(e.path, 'handler');
    expect(handlerPage.text).not.toContain('Resume with these data');
    for (const user of ['viewer', 'operator', 'handler', 'approver', 'admin']) {
      for (const fields of [{}, renamed]) {
        const res = await board.post(`${e.path}/resume`, user, fields);
        expect(res.status, `${user} resume`).toBe(403);
        expect(res.location).toBeNull();
      }
      // No approval before a recommendation, by anyone.
      expect((await board.post(`${e.path}/approve`, user, {})).status, `${user} approve`).toBe(403);
    }
    expect(await board.rt.exceptions.get(e.excId)).toMatchObject({ status: 'open', approvals: [] });
    expect(entered.get(ref)).toBeUndefined();
    // Viewers and operators cannot recommend either.
    for (const user of ['viewer', 'operator']) expect((await board.post(`${e.path}/recommend`, user, { note: 'x', ...renamed })).status).toBe(403);

    // The handler recommends the release with the corrected name; the approver sees the proposed change.
    expect((await board.post(`${e.path}/recommend`, 'handler', { note: 'the customer confirmed the bakery', ...renamed })).location).toBe(`${e.path}?done=recommended`);
    const approverPage = await board.get(e.path, 'approver');
    expect(approverPage.text).toMatch(/Corrected data proposed with the recommendation/);
    expect(approverPage.text).toMatch(/<td>Beneficiary name<\/td><td>HOLD TRADING<\/td><td><strong>Harbour Bakery<\/strong><\/td>/);
    expect(approverPage.text).toContain('Approve the corrected data');
    // An admin alone does not get round it either: the recommender cannot approve, whatever their roles.
    const e2 = await exceptionFor(`H-EDIT2-${tag}`, 'HOLD TRADING', `run-h-edit2-${tag}`, 8);
    expect((await board.post(`${e2.path}/recommend`, 'admin', { note: 'fine', ...renamed, 'in.ref': `H-EDIT2-${tag}` })).status).toBe(303);
    expect((await board.post(`${e2.path}/approve`, 'admin', {})).status).toBe(403);
    expect((await board.post(`${e2.path}/resume`, 'admin', {})).status).toBe(403);
    expect((await board.rt.exceptions.get(e2.excId)).status).toBe('open');

    // A different approver approves: the item runs on the corrected data, with no release, and passes the screening again.
    expect((await board.post(`${e.path}/approve`, 'approver', { note: 'ok', 'in.beneficiary': 'HOLD TRADING' })).location).toBe(`${e.path}?done=approved`);
    await waitFor(async () => (await board.rt.items.get(e.itemId))?.status === 'done', 'the corrected item done');
    expect(entered.get(ref)).toBe(1);
    const job = (await board.rt.queue('toy-pay').getJob(e.itemId))!;
    expect(job.data.input).toMatchObject({ beneficiary: 'Harbour Bakery' });
    expect(job.data.released ?? []).toEqual([]);
    expect(await actions(`item:${e.itemId}`)).toEqual([expect.stringMatching(/^handler propose-edit \{"exceptionId":"exc-[^"]+","fields":\["beneficiary"\]\}$/)]);
  });

  it('text from documents and the target is shown as text, and links made from it go nowhere but our routes', async () => {
    const evil = '<script>window.__x=1</script><img src=x onerror="window.__x=2">';
    const e = await exceptionFor(`H-XSS-${tag}`, evil, `run-x-${tag}`, 7);
    for (const path of [e.path, `/items/${encodeURIComponent(e.itemId)}`, '/inbox', `/search?q=${encodeURIComponent(evil)}`, `/runs/run-x-${tag}`]) {
      const res = await board.get(path, 'admin');
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain('<script>window');
      expect(res.text, path).not.toContain('<img src=x');
      expect(res.text, path).not.toMatch(/href="javascript:/i);
    }
    expect((await board.get(e.path, 'admin')).text).toContain('&lt;script&gt;window.__x=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__x=2&quot;&gt;');
  });
});

describe('the inbox', () => {
  it('filters by type, severity, run and age in Redis, oldest first by default, with the age against the SLA', async () => {
    const s = board.rt.exceptions;
    const run = `run-inbox-${tag}`;
    const base = { reason: 'r', error: { name: 'E', message: 'm' }, bot: 'toy-pay', runId: run, businessKey: 'k', attempt: 1, evidence: [] };
    const a = await s.open({ ...base, type: 'business', itemId: `ia-${tag}`, businessKey: `A-${tag}` });
    const b = await s.open({ ...base, type: 'system', itemId: `ib-${tag}`, businessKey: `B-${tag}` });
    const c = await s.open({ ...base, type: 'compliance', itemId: `ic-${tag}`, businessKey: `C-${tag}`, error: { name: 'ComplianceHold', message: 'm', details: { severity: 'critical' } } });
    // Three hours old: past the 2-hour SLA (the record and every index it is in).
    const opened = Date.now() - 3 * 3_600_000;
    await board.rt.redis.set(s.k('record', a.id), JSON.stringify({ ...a, openedAt: new Date(opened).toISOString() }));
    for (const key of [s.k('all'), s.k('status', 'open'), s.k('type', 'business'), s.k('severity', 'low'), s.k('run', run)]) await board.rt.redis.zadd(key, opened, a.id);
    const order = (text: string) => [a, b, c].map((x) => ({ key: x.businessKey, at: text.indexOf(`>${x.businessKey}</a>`) })).filter((x) => x.at >= 0).sort((p, q) => p.at - q.at).map((x) => x.key);

    const all = await board.get(`/inbox?run=${run}`, 'handler');
    expect(order(all.text)).toEqual([a.businessKey, b.businessKey, c.businessKey]);
    expect(all.text).toMatch(/3 exceptions · SLA 2 h 0 min/);
    expect(all.text).toMatch(/<span class="badge bad" title="SLA 2 h 0 min">3 h 0 min · overdue<\/span>/);
    expect(order((await board.get(`/inbox?run=${run}&order=newest`, 'handler')).text)).toEqual([c.businessKey, b.businessKey, a.businessKey]);
    expect(order((await board.get(`/inbox?run=${run}&type=system`, 'handler')).text)).toEqual([b.businessKey]);
    expect(order((await board.get(`/inbox?run=${run}&severity=critical`, 'handler')).text)).toEqual([c.businessKey]);
    expect(order((await board.get(`/inbox?run=${run}&age=overdue`, 'handler')).text)).toEqual([a.businessKey]);
    expect(order((await board.get(`/inbox?run=${run}&age=lt1h`, 'handler')).text)).toEqual([b.businessKey, c.businessKey]);
    const paged = await board.get(`/inbox?run=${run}&limit=2&offset=2`, 'handler');
    expect(order(paged.text)).toEqual([c.businessKey]);
    expect(paged.text).toMatch(/3–3 of 3/);
    expect((await board.get('/inbox', 'viewer')).status).toBe(403);
  });
});

describe('the inbox to work in all day', () => {
  const bulkForm = (action: string, ids: string[], extra: Record<string, string> = {}) => {
    const f = new FormData();
    f.set('action', action);
    f.set('back', `run=run-bulk-${tag}`);
    for (const id of ids) f.append('ids', id);
    for (const [k, v] of Object.entries(extra)) f.set(k, v);
    return f;
  };

  it('shows amount, currency and counterparty; assigns, hands over and rejects the selected at once; saves a filter by name', async () => {
    const runId = `run-bulk-${tag}`;
    const a = await exceptionFor(`H-BULK1-${tag}`, 'BAD first Ltd', runId, 5);
    const b = await exceptionFor(`H-BULK2-${tag}`, 'BAD second Ltd', runId, 6);
    const list = await board.get(`/inbox?run=${runId}`, 'handler');
    expect(list.text).toMatch(/<td class="num">10<\/td><td>EUR<\/td><td>BAD first Ltd<\/td>/);
    expect(list.text).toContain(`name="ids" value="${a.excId}"`);

    // Assign both to me, in one go.
    const mine = await board.postMultipart('/inbox/bulk', 'handler', bulkForm('assign-me', [a.excId, b.excId]));
    expect(mine.status).toBe(303);
    expect(mine.location).toBe(`/inbox?run=${runId}&done=bulk-assigned&n=2&refused=0`);
    expect((await board.rt.exceptions.get(a.excId)).assignee).toBe('handler');
    // A handler may not hand work to someone else; an approver may.
    const notMine = await board.postMultipart('/inbox/bulk', 'handler', bulkForm('assign-to', [a.excId], { to: 'handler2' }));
    expect(notMine.location).toContain('n=0&refused=1');
    const handed = await board.postMultipart('/inbox/bulk', 'approver', bulkForm('assign-to', [a.excId, b.excId], { to: 'handler2' }));
    expect(handed.location).toContain('done=bulk-handed&n=2&refused=0');
    expect((await board.rt.exceptions.get(b.excId)).assignee).toBe('handler2');
    expect((await board.postMultipart('/inbox/bulk', 'approver', bulkForm('assign-to', [a.excId], { to: 'nobody' }))).status).toBe(400);

    // Reject both with one reason: each through the decision (its audit entry), the items closed.
    expect((await board.postMultipart('/inbox/bulk', 'handler2', bulkForm('reject', [a.excId, b.excId]))).status).toBe(400);
    const rejected = await board.postMultipart('/inbox/bulk', 'handler2', bulkForm('reject', [a.excId, b.excId], { reason: 'the customer withdrew the file' }));
    expect(rejected.location).toContain('done=bulk-rejected&n=2&refused=0');
    for (const e of [a, b]) {
      expect(await board.rt.exceptions.get(e.excId)).toMatchObject({ status: 'rejected', decision: { by: 'handler2', note: 'the customer withdrew the file' } });
      await waitFor(async () => (await board.rt.items.get(e.itemId))?.status === 'rejected', 'the item rejected');
      expect(await actions(`exception:${e.excId}`)).toContainEqual(expect.stringMatching(/^handler2 decision .*"decision":"reject".*"via":"board"/));
    }
    // Decided already: a second rejection of them is refused for each.
    expect((await board.postMultipart('/inbox/bulk', 'handler2', bulkForm('reject', [a.excId], { reason: 'again' }))).location).toContain('n=0&refused=1');

    // A saved filter: listed as a link to the same query, removed again.
    const save = await board.post('/inbox/filters', 'handler', { name: 'my bulk run', query: `run=${runId}&status=rejected&evil=1` });
    expect(save.location).toBe(`/inbox?status=rejected&run=${runId}&done=filter-saved`);
    const withFilter = await board.get('/inbox', 'handler');
    expect(withFilter.text).toContain(`<a href="/inbox?status=rejected&amp;run=${runId}">my bulk run</a>`);
    expect((await board.get('/inbox', 'handler2')).text).not.toContain('my bulk run');
    expect((await board.post('/inbox/filters', 'handler', { name: '<script>', query: '' })).status).toBe(400);
    await board.post('/inbox/filters/delete', 'handler', { name: 'my bulk run' });
    expect((await board.get('/inbox', 'handler')).text).not.toContain('my bulk run');
  });
});
