// Handle with Care end to end (issue 4): police register an incident, the
// school contact sees the notice (HwC inbox, in-app inbox, e-mail through the
// SMTP sink, signed webhook checked by tests/support/webhook_receiver.mjs);
// idempotency, merging, leerplicht, unknown children, SMTP down and webhook
// 500 (retried), kill -9 with notices in the outbox (each delivered exactly
// once after restart), need-to-know (403, logged), acknowledgement, support
// and escalation with a chosen clock (INBEELD_TEST_HWC_CLOCK=1 lets an
// administrator run the escalation job for a given moment); settings per
// Veilig Thuis region (ages, presence, who registers), the leerplicht
// acknowledgement link and its escalation, a school contact's own days off.
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, binary, REPO, Server, sleep, startServer, testBsn } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

// ------------------------------------------------------------------ helpers

// Starts a node helper from tests/support; resolves { port, stop } once it prints /(\d+)/ after `ready`.
async function startHelper(script, args, ready) {
  const child = spawn(process.execPath, [path.join(REPO, 'tests/support', script), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = out.match(new RegExp(`${ready} (\\d+)`));
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  return {
    port,
    async stop() {
      process.off('exit', kill);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const startSmtpSink = (dir, port = 0) => startHelper('smtp_sink.mjs', [dir, '--port', String(port)], 'SMTP-sink luistert op');
const startWebhook = (dir, secretFile, port = 0, status = 200) => startHelper('webhook_receiver.mjs',
  [dir, '--secret-file', secretFile, '--port', String(port), '--status', String(status)], 'webhook-ontvanger luistert op');

// `inbeeld serve` on the demo's database with extra args and environment.
async function launchServe(base, extraArgs, extraEnv, name) {
  const args = ['serve', '--database', base.dbUrl, '--key-dir', base.keyDir, '--listen', '127.0.0.1:0',
    '--workers', '4', '--pool', '4', ...extraArgs];
  const child = spawn(binary(), args, { cwd: base.dir, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, output: '', exited: null };
  const log = createWriteStream(path.join(base.dir, `${name}.log`), { flags: 'a' });
  const collect = (chunk) => { proc.output += chunk; log.write(chunk); };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  proc.exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    proc.exited = { code, signal };
    resolve(proc.exited);
  }));
  proc.killOnExit = () => { if (!proc.exited) child.kill('SIGKILL'); };
  process.on('exit', proc.killOnExit);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exited) throw new Error(`${name} exited early:\n${proc.output.slice(-3000)}`);
    const m = proc.output.match(/luistert op (http:\/\/[^\s]+)/);
    if (m) {
      proc.baseUrl = m[1].replace(/\/$/, '');
      try {
        if ((await fetch(`${proc.baseUrl}/health`)).status === 200) break;
      } catch { /* not yet */ }
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${proc.output.slice(-3000)}`);
    await sleep(50);
  }
  const s = new Server({ dir: base.dir, db: base.db, keyDir: base.keyDir, proc, users: base.users });
  s.lastStep = base.lastStep;
  return s;
}

async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 150 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// The e-mails in the sink with Message-ID <key@inbeeld>, bodies decoded.
async function mails(dir, key) {
  const out = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
    const text = await readFile(path.join(dir, f), 'utf8');
    if (!text.includes(`\r\nMessage-ID: <${key}@inbeeld>\r\n`)) continue;
    const [head, ...rest] = text.split('\r\n\r\n');
    let body = rest.join('\r\n\r\n');
    if (/Content-Transfer-Encoding: base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    out.push({ head, body });
  }
  return out;
}

async function webhooks(dir, key) {
  const out = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const j = JSON.parse(await readFile(path.join(dir, f), 'utf8'));
    if (j.idempotency_key === key) out.push(j);
  }
  return out;
}

// ------------------------------------------------------------------ the tests

describe('Handle with Care', () => {
  let base;
  let srv;
  let mailDir;
  let hookDir;
  let sink;
  let hook;
  const f = {}; // facts from the demo database
  const one = async (sql) => (await base.sql(sql)).split('\n')[0];
  const today = amsterdamDate();

  const register = (body, { role = 'police', headers } = {}) => srv.login(role).then((token) =>
    srv.api('POST', '/api/v1/hwc/incidents', { token, body, headers }));
  const outboxKeys = async (prefix) => (await base.sql(
    `SELECT idempotency_key || '|' || state || '|' || attempts || '|' || last_error FROM outbox WHERE idempotency_key LIKE '${prefix}%' ORDER BY idempotency_key`))
    .split('\n').filter(Boolean).map((l) => { const [key, state, attempts, error] = l.split('|'); return { key, state, attempts: Number(attempts), error }; });
  const dashboard = async (query = '') => {
    const r = await srv.api('GET', `/api/v1/hwc/notices${query}`, { token: await srv.login('police') });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const noticeOnDashboard = async (id) => (await dashboard()).items.find((n) => n.id === id);

  before(async () => {
    base = await startServer({ children: 400 });
    f.school = Number(await one("SELECT org_id FROM users WHERE username = 'school.contact'"));
    f.contactId = Number(await one("SELECT id FROM users WHERE username = 'school.contact'"));
    f.deputyId = Number(await one("SELECT id FROM users WHERE username = 'school.vertrouwenspersoon'"));
    f.policeId = Number(await one("SELECT id FROM users WHERE username = 'politie'"));
    const current = (org, not = false) => `SELECT p.id || '|' || h.postcode || '|' || h.house_number || '|' || p.first_name || '|' || p.last_name || '|' || p.birth_date
      FROM persons p JOIN households h ON h.id = p.household_id JOIN enrolments e ON e.person_id = p.id
      WHERE e.org_id ${not ? '<>' : '='} ${org} AND e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')
      AND p.birth_date <= '${Number(today.slice(0, 4)) - 5}-01-01' AND p.birth_date > '${Number(today.slice(0, 4)) - 17}-01-01'
      AND (SELECT count(*) FROM enrolments e2 WHERE e2.person_id = p.id) = 1 ORDER BY p.id`;
    const parse = (l) => { const [id, postcode, house, first, last, birth] = l.split('|'); return { id: Number(id), postcode, house, first, last, birth }; };
    f.pupils = (await base.sql(current(f.school))).split('\n').filter(Boolean).map(parse);
    assert.ok(f.pupils.length >= 5, `pupils of the demo school: ${f.pupils.length}`);
    f.otherPupil = parse((await base.sql(`${current(f.school, true)} LIMIT 1`)).split('\n')[0]);
    const young = await one(`SELECT p.id || '|' || h.postcode || '|' || h.house_number FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.birth_date > '${Number(today.slice(0, 4)) - 3}-01-01' AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id)
      AND EXISTS (SELECT 1 FROM organisations o WHERE o.kind = 'leerplicht' AND o.municipality_code = h.municipality_code) ORDER BY p.id LIMIT 1`);
    f.young = parse(young);
    assert.ok(f.young.id > 0, 'a child too young for school');
    // Two more, for the leerplicht acknowledgement and escalation (fresh: no notice merged into).
    f.youngMore = (await base.sql(`SELECT p.id || '|' || h.postcode || '|' || h.house_number FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.birth_date > '${Number(today.slice(0, 4)) - 3}-01-01' AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id)
      AND EXISTS (SELECT 1 FROM organisations o WHERE o.kind = 'leerplicht' AND o.municipality_code = h.municipality_code)
      AND p.id <> ${f.young.id} ORDER BY p.id LIMIT 2`)).split('\n').filter(Boolean).map(parse);
    assert.equal(f.youngMore.length, 2, 'two more children too young for school');
    f.otherSchool = Number(await one(`SELECT org_id FROM enrolments WHERE person_id = ${f.otherPupil.id} LIMIT 1`));
    f.vtRegions = (await base.sql("SELECT id FROM organisations WHERE kind = 'veilig_thuis' ORDER BY id LIMIT 2")).split('\n').filter(Boolean).map(Number);
    await base.terminate();

    mailDir = await mkdtemp(path.join(tmpdir(), 'inbeeld-hwc-mail-'));
    hookDir = await mkdtemp(path.join(tmpdir(), 'inbeeld-hwc-hook-'));
    sink = await startSmtpSink(mailDir);
    hook = await startWebhook(hookDir, path.join(base.keyDir, 'webhook.key'));
    srv = await launchServe(base, ['--smtp', `smtp://127.0.0.1:${sink.port}`], { INBEELD_TEST_HWC_CLOCK: '1' }, 'hwc-1');
    // The demo school's own webhook.
    const admin = await srv.login('admin');
    const put = await srv.api('PUT', `/api/v1/hwc/schools/${f.school}/settings`, {
      token: admin, body: { webhook_url: `http://127.0.0.1:${hook.port}/hwc`, days_off: [] },
    });
    assert.equal(put.status, 204, put.text);
  });

  after(async () => {
    if (srv && !srv.proc.exited) await srv.terminate();
    await sink?.stop();
    await hook?.stop();
    if (!process.env.INBEELD_TEST_KEEP) {
      for (const d of [mailDir, hookDir]) if (d) await rm(d, { recursive: true, force: true });
    }
    await base?.stop();
  });

  test('police register an incident: the school contact gets it in the inbox, by e-mail and by signed webhook', async () => {
    const p = f.pupils[0];
    const police = await srv.login('police');
    const proposed = await srv.api('GET', `/api/v1/hwc/addresses/children?postcode=${encodeURIComponent(p.postcode)}&house_number=${encodeURIComponent(p.house)}`, { token: police });
    assert.equal(proposed.status, 200, proposed.text);
    assert.ok(proposed.json.items.some((c) => c.id === p.id), 'the pupil is proposed at the address');

    const r = await register({ occurred_ms: Date.now() - 60 * 60_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0001', children: [{ person_id: p.id, present: true }] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.created, true);
    const n = r.json.notices.find((x) => x.child_id === p.id);
    assert.ok(n, JSON.stringify(r.json));
    assert.equal(n.recipient_id, f.school);
    assert.equal(n.recipient_kind, 'school');
    assert.ok(n.due_ms > Date.now(), 'due at the start of a coming school day');
    assert.match(n.due_at, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    f.first = n;

    // The HwC inbox of the school: the notice, never incident data.
    const contact = await srv.login('school_contact');
    const inbox = await srv.api('GET', '/api/v1/hwc/inbox', { token: contact });
    assert.equal(inbox.status, 200, inbox.text);
    const seen = inbox.json.items.find((x) => x.id === n.id);
    assert.ok(seen, 'in the school inbox');
    assert.equal(seen.child.id, p.id);
    const text = JSON.stringify(inbox.json);
    for (const banned of ['PL-TEST-0001', p.postcode, 'occurred', 'police', 'incident']) assert.ok(!text.includes(banned), `no ${banned} in the school inbox`);

    // Delivered: the in-app message, one e-mail, one signed webhook.
    const prefix = `hwc.n${n.id}.`;
    await waitFor('all deliveries', async () => {
      const items = await outboxKeys(prefix);
      return items.length === 3 && items.every((i) => i.state === 'delivered');
    });
    const msgs = await srv.api('GET', '/api/v1/inbox', { token: contact });
    assert.equal(msgs.json.items.filter((m) => m.subject.startsWith('Handle with Care')).length, 1);
    const mail = await mails(mailDir, `${prefix}email.u${f.contactId}`);
    assert.equal(mail.length, 1);
    assert.match(mail[0].body, /Handle with Care/);
    for (const banned of ['PL-TEST-0001', p.postcode, p.house]) assert.ok(!mail[0].body.includes(banned), `no ${banned} in the e-mail`);
    const hooks = await webhooks(hookDir, `${prefix}webhook`);
    assert.equal(hooks.length, 1, 'one verified webhook (the receiver checks the HMAC signature)');
    const body = JSON.parse(hooks[0].body);
    assert.equal(body.type, 'handle_with_care');
    assert.equal(body.notice_id, n.id);
    assert.equal(body.present, undefined, 'presence only where the region includes it');

    // Every view is logged.
    assert.ok(Number(await base.sql(`SELECT count(*) FROM audit_log WHERE person_id = ${p.id} AND detail LIKE 'Handle with Care: signaal%postvak'`)) >= 1);
  });

  test('the same incident twice is one incident and one notice', async () => {
    const p = f.pupils[1];
    const body = { occurred_ms: Date.now() - 30 * 60_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0002', children: [{ person_id: p.id }] };
    const a = await register(body);
    assert.equal(a.status, 201, a.text);
    const b = await register(body);
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.created, false);
    assert.equal(b.json.incident_id, a.json.incident_id);
    assert.deepEqual(b.json.notices.map((x) => x.id), a.json.notices.map((x) => x.id));
    // With a client Idempotency-Key: also once.
    const k = { 'idempotency-key': `hwc-${Date.now()}` };
    const c1 = await register({ ...body, police_ref: '', occurred_ms: body.occurred_ms - 60_000 }, { headers: k });
    const c2 = await register({ ...body, police_ref: '', occurred_ms: body.occurred_ms - 60_000 }, { headers: k });
    assert.equal(c1.status, 201, c1.text);
    assert.equal(c2.status, 200, c2.text);
    assert.equal(Number(await base.sql(`SELECT count(*) FROM hwc_notices WHERE person_id = ${p.id}`)), 1, 'one notice for the child');
    assert.equal(Number(await base.sql(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'hwc.n${a.json.notices[0].id}.%'`)), 3);
  });

  test('two incidents the same night: one notice per child per school day', async () => {
    const p = f.pupils[2];
    const a = await register({ occurred_ms: Date.now() - 3 * 3600_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0003', children: [{ person_id: p.id }] });
    const b = await register({ occurred_ms: Date.now() - 3600_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0004', children: [{ person_id: p.id, present: true }] });
    assert.equal(a.status, 201, a.text);
    assert.equal(b.status, 201, b.text);
    assert.notEqual(b.json.incident_id, a.json.incident_id);
    assert.equal(b.json.notices[0].id, a.json.notices[0].id);
    assert.equal(b.json.notices[0].merged, true);
    assert.equal(Number(await base.sql(`SELECT count(*) FROM hwc_notice_incidents WHERE notice_id = ${a.json.notices[0].id}`)), 2);
    assert.equal(Number(await base.sql(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'hwc.n${a.json.notices[0].id}.%'`)), 3);
  });

  test('a child without a school goes to the municipality\'s leerplicht office', async () => {
    const y = f.young;
    const r = await register({ occurred_ms: Date.now() - 20 * 60_000, postcode: y.postcode, house_number: y.house,
      children: [{ person_id: y.id }] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.notices.length, 1);
    assert.equal(r.json.notices[0].recipient_kind, 'leerplicht');
    const id = r.json.notices[0].id;
    await waitFor('the leerplicht e-mail', async () => (await mails(mailDir, `hwc.n${id}.email.org`)).length === 1);
    const m = await mails(mailDir, `hwc.n${id}.email.org`);
    assert.match(m[0].head, /X-Sink-Rcpt-To: leerplicht\.gm\d{4}@gemeente\.example/);
  });

  test('an unknown child is a clear 422 and nothing is stored', async () => {
    const p = f.pupils[3];
    const before = Number(await base.sql('SELECT count(*) FROM hwc_incidents'));
    const r = await register({ occurred_ms: Date.now() - 60_000, postcode: p.postcode, house_number: p.house,
      children: [{ person_id: p.id }, { bsn: testBsn() }, { first_name: 'Niemand', last_name: 'Onbekendheid', birth_date: '2015-01-01' }] });
    const problem = assertProblem(r, 422, 'unknown child');
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['children[1]', 'children[2]']);
    assert.match(problem.errors[0].message, /onbekend kind/);
    assert.equal(Number(await base.sql('SELECT count(*) FROM hwc_incidents')), before);
    // By name and birth date (no BSN): found.
    const byName = await register({ occurred_ms: Date.now() - 60_000, postcode: p.postcode, house_number: p.house,
      children: [{ first_name: p.first, last_name: p.last, birth_date: p.birth }] });
    assert.equal(byName.status, 201, byName.text);
    assert.equal(byName.json.notices[0].child_id, p.id);
    assertProblem(await register({ occurred_ms: Date.now() + 3600_000, postcode: 'x', house_number: '', children: [] }), 422, 'bad input');
  });

  test('SMTP down and webhook answering 500: retried, delivered later, visible meanwhile', async () => {
    const smtpPort = sink.port;
    const hookPort = hook.port;
    await sink.stop();
    await hook.stop();
    hook = await startWebhook(hookDir, path.join(base.keyDir, 'webhook.key'), hookPort, 500);
    const p = f.pupils[4];
    const r = await register({ occurred_ms: Date.now() - 60_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0005', children: [{ person_id: p.id }] });
    assert.equal(r.status, 201, r.text);
    const id = r.json.notices[0].id;
    const prefix = `hwc.n${id}.`;
    await waitFor('failed e-mail and webhook attempts', async () => {
      const items = await outboxKeys(prefix);
      const mail = items.find((i) => i.key.includes('.email.'));
      const wh = items.find((i) => i.key.endsWith('.webhook'));
      return mail?.attempts >= 1 && mail.state === 'queued' && mail.error && wh?.attempts >= 1 && wh.state === 'queued' && wh.error;
    });
    const shown = await noticeOnDashboard(id);
    assert.ok(shown.deliveries_queued >= 2 && shown.last_error !== '', `visible on the dashboard: ${JSON.stringify(shown)}`);
    await hook.stop();
    hook = await startWebhook(hookDir, path.join(base.keyDir, 'webhook.key'), hookPort, 200);
    sink = await startSmtpSink(mailDir, smtpPort);
    await waitFor('the retried deliveries', async () => (await outboxKeys(prefix)).every((i) => i.state === 'delivered'), { timeoutMs: 45_000 });
    assert.equal((await mails(mailDir, `${prefix}email.u${f.contactId}`)).length, 1);
    assert.equal((await webhooks(hookDir, `${prefix}webhook`)).length, 1);
  });

  test('kill -9 with notices in the outbox: after restart each is delivered exactly once', async () => {
    await srv.terminate();
    const smtp = `smtp://127.0.0.1:${sink.port}`;
    const a = await launchServe(base, ['--smtp', smtp, '--outbox-lease-ms', '2000'], { INBEELD_TEST_OUTBOX_HOLD_MS: '60000', INBEELD_TEST_HWC_CLOCK: '1' }, 'hwc-a');
    srv = a;
    const p = f.pupils[5] ?? f.pupils[0];
    const r = await register({ occurred_ms: Date.now() - 2 * 60_000, postcode: p.postcode, house_number: p.house,
      police_ref: 'PL-TEST-0006', children: [{ person_id: p.id }] });
    assert.equal(r.status, 201, r.text);
    const prefix = `hwc.n${r.json.notices[0].id}.`;
    await waitFor('instance A to claim', async () => {
      const items = await outboxKeys(prefix);
      return items.length === 3 && items.every((i) => i.attempts === 1 && i.state === 'queued');
    });
    await a.kill9();
    srv = await launchServe(base, ['--smtp', smtp], { INBEELD_TEST_HWC_CLOCK: '1' }, 'hwc-b');
    await waitFor('delivery after restart', async () => (await outboxKeys(prefix)).every((i) => i.state === 'delivered'), { timeoutMs: 30_000 });
    await sleep(2500);
    assert.equal(Number(await base.sql(`SELECT count(*) FROM inbox_messages m JOIN outbox o ON o.id = m.outbox_id WHERE o.idempotency_key LIKE '${prefix}%'`)), 1);
    assert.equal((await mails(mailDir, `${prefix}email.u${f.contactId}`)).length, 1);
    assert.equal((await webhooks(hookDir, `${prefix}webhook`)).length, 1);
  });

  test('a school sees only its own pupils\' notices (403 otherwise, logged)', async () => {
    const o = f.otherPupil;
    const r = await register({ occurred_ms: Date.now() - 5 * 60_000, postcode: o.postcode, house_number: o.house,
      children: [{ person_id: o.id }] });
    assert.equal(r.status, 201, r.text);
    const id = r.json.notices[0].id;
    assert.notEqual(r.json.notices[0].recipient_id, f.school);
    // That school has no contact person in the demo: a clear state on the dashboard.
    assert.equal((await noticeOnDashboard(id)).state, 'no_contact');
    const contact = await srv.login('school_contact');
    const inbox = await srv.api('GET', '/api/v1/hwc/inbox', { token: contact });
    assert.ok(!inbox.json.items.some((x) => x.id === id), 'not in another school\'s inbox');
    assertProblem(await srv.api('POST', `/api/v1/hwc/notices/${id}/acknowledge`, { token: contact }), 403, 'other school');
    assertProblem(await srv.api('POST', `/api/v1/hwc/notices/${id}/support`, { token: contact, body: { support_offered: true } }), 403, 'other school support');
    assert.ok(Number(await base.sql(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${o.id}`)) >= 2);
    assert.equal((await srv.api('GET', '/api/v1/hwc/inbox', { token: await srv.login('police') })).status, 403);
    assert.equal((await srv.api('GET', '/api/v1/hwc/notices', { token: contact })).status, 403);
  });

  test('acknowledgement, support, and escalation with a chosen clock', async () => {
    const contact = await srv.login('school_contact');
    // f.first: acknowledged ("gezien") and support recorded.
    const ack = await srv.api('POST', `/api/v1/hwc/notices/${f.first.id}/acknowledge`, { token: contact });
    assert.equal(ack.status, 200, ack.text);
    assert.equal(ack.json.state, 'acknowledged');
    const first = ack.json.acknowledged_ms;
    const again = await srv.api('POST', `/api/v1/hwc/notices/${f.first.id}/acknowledge`, { token: contact });
    assert.equal(again.json.acknowledged_ms, first, 'the first acknowledgement counts');
    const sup = await srv.api('POST', `/api/v1/hwc/notices/${f.first.id}/support`, { token: contact, body: { support_offered: true, talk_accepted: false } });
    assert.equal(sup.status, 200, sup.text);
    assert.equal(sup.json.support_offered, true);
    assert.equal(sup.json.talk_accepted, false);

    // An unacknowledged notice of the same school, due at D.
    const p = f.pupils[3];
    const open = (await dashboard()).items.find((n) => n.child.id === p.id && n.recipient.id === f.school);
    assert.ok(open && open.state !== 'acknowledged', 'an open notice');
    const D = open.due_ms;
    const admin = await srv.login('admin');
    const run = (now) => srv.api('POST', '/api/v1/hwc/escalation/run', { token: admin, body: { now_ms: now } });

    const early = await run(D - 31 * 60_000);
    assert.equal(early.status, 200, early.text);
    assert.equal((await noticeOnDashboard(open.id)).deputy_escalated_ms, null, 'not yet 30 minutes before');
    const deputy = await run(D - 29 * 60_000);
    assert.ok(deputy.json.deputy >= 1, deputy.text);
    const escalated = await noticeOnDashboard(open.id);
    assert.equal(escalated.state, 'escalated');
    assert.equal(escalated.deputy_escalated_ms, D - 29 * 60_000);
    assert.deepEqual((await run(D - 29 * 60_000)).json, { deputy: 0, late: 0 }, 'idempotent');
    const deputyToken = await srv.login('school_trusted_person');
    await waitFor('the deputy\'s message', async () => (await srv.api('GET', '/api/v1/inbox', { token: deputyToken })).json.items
      .some((m) => m.subject.startsWith('Nog niet gezien')));

    const late = await run(D + 1000);
    assert.ok(late.json.late >= 1, late.text);
    assert.deepEqual((await run(D + 1000)).json, { deputy: 0, late: 0 }, 'idempotent');
    const lateNotice = await noticeOnDashboard(open.id);
    assert.equal(lateNotice.state, 'late');
    assert.equal(lateNotice.late_alerted_ms, D + 1000);
    const police = await srv.login('police');
    await waitFor('the sender\'s alert', async () => (await srv.api('GET', '/api/v1/inbox', { token: police })).json.items
      .some((m) => m.subject.startsWith('Handle with Care niet op tijd gezien')));
    // The acknowledged notice was neither escalated nor reported late.
    const done = await noticeOnDashboard(f.first.id);
    assert.equal(done.state, 'acknowledged');
    assert.equal(done.deputy_escalated_ms, null);
    assert.equal(done.late_alerted_ms, null);
    // Dashboard filters and the daily review.
    const acked = await dashboard('?state=acknowledged');
    assert.ok(acked.items.every((n) => n.state === 'acknowledged') && acked.items.some((n) => n.id === f.first.id));
    const review = await srv.api('GET', `/api/v1/hwc/review?date=${f.first.school_day}`, { token: police });
    assert.equal(review.status, 200, review.text);
    assert.ok(review.json.counts.acknowledged >= 1);
    assert.ok(review.json.items.every((n) => n.school_day === f.first.school_day));
  });

  test('region settings: admin reads and changes them, the service applies them per region, every change is logged', async () => {
    const admin = await srv.login('admin');
    const [vt, vt2] = f.vtRegions;
    const list = await srv.api('GET', '/api/v1/hwc/regions', { token: admin });
    assert.equal(list.status, 200, list.text);
    const shown = list.json.items.find((r) => r.id === vt);
    assert.ok(shown, 'every Veilig Thuis organisation is a region');
    assert.deepEqual({ ...shown, name: undefined }, { id: vt, name: undefined, configured: false, min_age: 4, max_age: 18, include_present: false,
      registrant_roles: ['police', 'vt_triage', 'vt_case_worker', 'vt_supervisor'], municipalities: [], updated_ms: null }, 'the defaults');
    assertProblem(await srv.api('GET', `/api/v1/hwc/regions/${f.school}`, { token: admin }), 404, 'a school is no region');
    assertProblem(await srv.api('GET', '/api/v1/hwc/regions', { token: await srv.login('police') }), 403, 'police');

    // Bad input: Dutch field errors, nothing stored.
    const put = (id, body) => srv.api('PUT', `/api/v1/hwc/regions/${id}`, { token: admin, body });
    const bad = assertProblem(await put(vt, { min_age: 10, max_age: 8 }), 422, 'min above max');
    assert.equal(bad.errors[0].field, 'max_age');
    assert.match(bad.errors[0].message, /maximumleeftijd/);
    assert.equal(assertProblem(await put(vt, { registrant_roles: ['school_contact'] }), 422, 'a school cannot register').errors[0].field, 'registrant_roles');
    assert.equal(assertProblem(await put(vt, { registrant_roles: [] }), 422, 'nobody registers').errors[0].field, 'registrant_roles');
    assert.equal(assertProblem(await put(vt, { municipalities: ['Amsterdam'] }), 422, 'a name is no code').errors[0].field, 'municipalities[0]');
    assertProblem(await put(vt, { max_age: 'achttien' }), 422, 'not a number');
    assertProblem(await put(vt, { colour: 'red' }), 422, 'unknown field');
    assert.equal(Number(await base.sql('SELECT count(*) FROM hwc_regions')), 0, 'nothing stored');

    // The pupil's municipality in a VT-only region whose window ends below the pupil's age.
    const p = f.pupils[0];
    const muni = await one(`SELECT h.municipality_code FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = ${p.id}`);
    const age = new Date(Date.now()).getUTCFullYear() - Number(p.birth.slice(0, 4)) - 1; // a lower bound of the age
    const set = await put(vt, { min_age: 0, max_age: age - 1, include_present: true,
      registrant_roles: ['vt_triage', 'vt_case_worker', 'vt_supervisor'], municipalities: [muni.toLowerCase()] });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.configured, true);
    assert.deepEqual(set.json.municipalities, [muni]);
    assert.ok(set.json.updated_ms > 0);
    // A municipality belongs to one region.
    const taken = assertProblem(await put(vt2, { municipalities: [muni] }), 422, 'in another region');
    assert.match(taken.errors[0].message, /hoort al bij/);

    // The police may not register in this region: 403, logged, nothing stored.
    const before = Number(await base.sql('SELECT count(*) FROM hwc_incidents'));
    const body = { occurred_ms: Date.now() - 10 * 60_000, postcode: p.postcode, house_number: p.house, police_ref: 'PL-TEST-REGION', children: [{ person_id: p.id }] };
    const refused = assertProblem(await register(body), 403, 'police in a VT-only region');
    assert.match(refused.detail ?? refused.title, /melden alleen/);
    assert.equal(Number(await base.sql('SELECT count(*) FROM hwc_incidents')), before);
    assert.ok(Number(await base.sql(`SELECT count(*) FROM audit_log WHERE action = 'write_denied' AND person_id = ${p.id}`)) >= 1);
    // Veilig Thuis may; the pupil is older than the region's window: no notice.
    const vtReg = await register({ ...body, police_ref: 'VT-TEST-REGION' }, { role: 'vt_triage' });
    assert.equal(vtReg.status, 201, vtReg.text);
    assert.equal(vtReg.json.notices.length, 0, vtReg.text);
    assert.match(vtReg.json.skipped[0], new RegExp(`ouder dan ${age - 1} jaar`));
    // The officer's proposals follow the region's window too.
    const proposed = await srv.api('GET', `/api/v1/hwc/addresses/children?postcode=${encodeURIComponent(p.postcode)}&house_number=${encodeURIComponent(p.house)}`,
      { token: await srv.login('vt_triage') });
    assert.ok(!proposed.json.items.some((c) => c.id === p.id), 'too old for this region: not proposed');

    // Every change is in the access log, with what changed.
    const logged = await base.sql("SELECT detail FROM audit_log WHERE object_type = 'hwc_region' ORDER BY seq");
    assert.match(logged, /regio-instellingen van .* gewijzigd: leeftijd 0-\d+, aanwezigheid ja, melders vt_triage,vt_case_worker,vt_supervisor, 1 gemeente/);

    // Back to the defaults for the tests that follow (the region keeps a row: configured).
    const reset = await put(vt, {});
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual([reset.json.min_age, reset.json.max_age, reset.json.include_present, reset.json.municipalities], [4, 18, false, []]);
    assert.equal(Number(await base.sql("SELECT count(*) FROM audit_log WHERE object_type = 'hwc_region'")), 2);
  });

  test('a region that includes presence: the school sees whether the child was present', async () => {
    const admin = await srv.login('admin');
    const [, vt2] = f.vtRegions;
    const young = f.youngMore[0];
    const muni = await one(`SELECT h.municipality_code FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = ${young.id}`);
    const set = await srv.api('PUT', `/api/v1/hwc/regions/${vt2}`, { token: admin, body: { include_present: true, municipalities: [muni] } });
    assert.equal(set.status, 200, set.text);
    const r = await register({ occurred_ms: Date.now() - 5 * 60_000, postcode: young.postcode, house_number: young.house,
      police_ref: 'PL-TEST-PRESENT', children: [{ person_id: young.id, present: true }] });
    assert.equal(r.status, 201, r.text);
    const id = r.json.notices[0].id;
    assert.equal(Number(await base.sql(`SELECT include_present FROM hwc_notices WHERE id = ${id}`)), 1);
    f.leerplichtNotice = { id, young };
    await waitFor('the leerplicht e-mail', async () => (await mails(mailDir, `hwc.n${id}.email.org`)).length === 1);
    const m = await mails(mailDir, `hwc.n${id}.email.org`);
    assert.match(m[0].body, /Aanwezig bij de gebeurtenis: ja/);
    f.leerplichtNotice.link = m[0].body.match(/\/hwc\/ontvangst\/([A-Za-z0-9_-]{20,})/)?.[1];
    assert.ok(f.leerplichtNotice.link, `an acknowledgement link in the e-mail: ${m[0].body}`);
    const reset = await srv.api('PUT', `/api/v1/hwc/regions/${vt2}`, { token: admin, body: {} });
    assert.equal(reset.status, 200, reset.text);
  });

  test('leerplicht notices: escalated to the sender at the deadline, acknowledged through the e-mail link', async () => {
    const admin = await srv.login('admin');
    const run = (now) => srv.api('POST', '/api/v1/hwc/escalation/run', { token: admin, body: { now_ms: now } });
    // An unacknowledged leerplicht notice: no deputy (the office has no staff in InBeeld), the sender alerted at D.
    const { id, link } = f.leerplichtNotice;
    const D = (await noticeOnDashboard(id)).due_ms;
    await run(D - 29 * 60_000);
    const early = await noticeOnDashboard(id);
    assert.equal(early.deputy_escalated_ms, null, 'no deputy for a leerplicht office');
    assert.notEqual(early.state, 'late');
    await run(D + 1000);
    const late = await noticeOnDashboard(id);
    assert.equal(late.late_alerted_ms, D + 1000);
    assert.equal(late.state, 'late');
    const police = await srv.login('police');
    await waitFor('the sender\'s alert for the leerplicht notice', async () => (await srv.api('GET', '/api/v1/inbox', { token: police })).json.items
      .some((m) => m.subject.startsWith('Handle with Care niet op tijd gezien') && m.body.includes('Leerplicht')));

    // The link: GET shows (no child data) and changes nothing; POST acknowledges, once.
    const url = `${srv.baseUrl}/hwc/ontvangst/${link}`;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /ontvangst bevestigen/i);
    assert.ok(!html.includes(f.leerplichtNotice.young.postcode), 'no address on the page');
    assert.equal((await noticeOnDashboard(id)).acknowledged_ms, null, 'GET acknowledges nothing');
    const post = await fetch(url, { method: 'POST', redirect: 'manual' });
    assert.equal(post.status, 303);
    const acked = await noticeOnDashboard(id);
    assert.equal(acked.state, 'acknowledged');
    const first = acked.acknowledged_ms;
    await fetch(url, { method: 'POST', redirect: 'manual' });
    assert.equal((await noticeOnDashboard(id)).acknowledged_ms, first, 'the first acknowledgement counts');
    assert.equal(Number(await base.sql(`SELECT count(*) FROM audit_log WHERE person_id = ${f.leerplichtNotice.young.id} AND detail LIKE '%ontvangstlink leerplicht%'`)), 1);
    assert.equal((await fetch(`${srv.baseUrl}/hwc/ontvangst/${'x'.repeat(43)}`)).status, 404);
    assert.equal((await fetch(`${srv.baseUrl}/hwc/ontvangst/${'x'.repeat(43)}`, { method: 'POST', redirect: 'manual' })).status, 404);

    // Acknowledged before the deadline: never reported late.
    const y = f.youngMore[1];
    const r = await register({ occurred_ms: Date.now() - 4 * 60_000, postcode: y.postcode, house_number: y.house,
      police_ref: 'PL-TEST-LP2', children: [{ person_id: y.id }] });
    assert.equal(r.status, 201, r.text);
    const id2 = r.json.notices[0].id;
    assert.equal(r.json.notices[0].recipient_kind, 'leerplicht');
    await waitFor('the second leerplicht e-mail', async () => (await mails(mailDir, `hwc.n${id2}.email.org`)).length === 1);
    const link2 = (await mails(mailDir, `hwc.n${id2}.email.org`))[0].body.match(/\/hwc\/ontvangst\/([A-Za-z0-9_-]{20,})/)[1];
    assert.equal((await fetch(`${srv.baseUrl}/hwc/ontvangst/${link2}`, { method: 'POST', redirect: 'manual' })).status, 303);
    const D2 = (await noticeOnDashboard(id2)).due_ms;
    await run(D2 + 1000);
    const done = await noticeOnDashboard(id2);
    assert.equal(done.state, 'acknowledged');
    assert.equal(done.late_alerted_ms, null);
  });

  test('a school contact sets its own school\'s days off (API and page), never another school\'s; logged', async () => {
    const contact = await srv.login('school_contact');
    const url = `/api/v1/hwc/schools/${f.school}/settings`;
    const put = await srv.api('PUT', url, { token: contact, body: { days_off: [{ from: '2030-03-04' }, { from: '2030-02-18', to: '2030-02-22' }] } });
    assert.equal(put.status, 204, put.text);
    const got = await srv.api('GET', url, { token: contact });
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json.days_off, [{ from: '2030-02-18', to: '2030-02-22' }, { from: '2030-03-04', to: '2030-03-04' }]);
    assert.equal(got.json.webhook_url, `http://127.0.0.1:${hook.port}/hwc`, 'the webhook is left as the administrator set it');
    assertProblem(await srv.api('PUT', url, { token: contact, body: { webhook_url: 'https://elders.example/hook' } }), 403, 'the webhook is the administrator\'s');
    const bad = assertProblem(await srv.api('PUT', url, { token: contact, body: { days_off: [{ from: '2030-03-04', to: '2030-03-01' }] } }), 422, 'end before start');
    assert.equal(bad.errors[0].field, 'days_off[0]');
    assertProblem(await srv.api('GET', `/api/v1/hwc/schools/${f.otherSchool}/settings`, { token: contact }), 403, 'another school');
    assertProblem(await srv.api('PUT', `/api/v1/hwc/schools/${f.otherSchool}/settings`, { token: contact, body: { days_off: [] } }), 403, 'another school');
    assert.ok(Number(await base.sql("SELECT count(*) FROM audit_log WHERE action = 'write_denied' AND object_type = 'hwc_school'")) >= 1);
    assertProblem(await srv.api('GET', url, { token: await srv.login('school_trusted_person') }), 403, 'the trusted person');

    // The page, without JavaScript: form fields, CSRF, Dutch errors, saved and logged.
    const b = await srv.browserLogin('school_contact');
    const page = await b.get(`/hwc/scholen/${f.school}/instellingen`);
    assert.equal(page.status, 200);
    assert.match(page.text, /2030-02-18 t\/m 2030-02-22/);
    const noCsrf = await b.postForm(`/hwc/scholen/${f.school}/instellingen`, { vrije_dagen: '2030-05-01' });
    assert.equal(noCsrf.status, 403, 'no CSRF token: refused');
    const wrong = await b.postForm(`/hwc/scholen/${f.school}/instellingen`, { csrf: b.csrf, vrije_dagen: '2030-05-01\nvolgende week' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /regel 2: schrijf een datum als/);
    const ok = await b.postForm(`/hwc/scholen/${f.school}/instellingen`, { csrf: b.csrf, vrije_dagen: '2030-05-01\n2030-05-05 t/m 2030-05-09', schooldagen: '' });
    assert.equal(ok.status, 303, ok.text);
    assert.equal((await srv.api('GET', url, { token: contact })).json.days_off.length, 2);
    assert.equal((await b.get(`/hwc/scholen/${f.otherSchool}/instellingen`)).status, 403);
    assert.ok(Number(await base.sql(`SELECT count(*) FROM audit_log WHERE action = 'write' AND object_type = 'hwc_school' AND detail LIKE '%2 eigen vrije periode%'`)) >= 2);
  });
});
