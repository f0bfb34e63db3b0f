// Record linkage without a BSN (issue 6), through the API and the page:
// a signal with a typo in the child's surname is linked automatically by the
// linker through the signal service; a signal with twins' details but another
// first name is never linked automatically but queued for review, where
// Veilig Thuis sees both sides, rejects one twin (cannot-link, never proposed
// again) and confirms the other (must-link, linked through the signal
// service); other roles get 403; bad decisions get 404/409/422; a broken
// linkage key stops the server with a clear message.
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, binary, errorFields, hiddenCsrf, startServer } from './harness.mjs';

describe('record linkage', () => {
  let srv;
  const f = {};
  const rows = async (sql) => (await srv.sql(sql)).split('\n').filter(Boolean).map((l) => l.split('|'));
  const signal = (child) => ({ child, category: 'safety_at_home', level: 2, contact: { phone: '010-1234567' } });
  const run = async () => {
    const r = await srv.api('POST', '/api/v1/linkage/run', { token: await srv.login('vt_supervisor'), body: {} });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const personOf = async (signalId) => (await rows(`SELECT COALESCE(person_id, 0) FROM signals WHERE id = ${signalId}`))[0][0];

  before(async () => {
    srv = await startServer({ children: 400 });
    const person = `p.id, p.first_name, p.last_name, p.birth_date, h.postcode, h.house_number`;
    // A child with a household address whose surname occurs once for its birth date.
    const [a] = await rows(`SELECT ${person} FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.relation = 'child' AND p.birth_date > '2010-01-01' AND length(p.last_name) >= 5 AND p.tussenvoegsel = ''
      AND NOT EXISTS (SELECT 1 FROM persons q WHERE q.household_id = p.household_id AND q.id <> p.id AND q.birth_date = p.birth_date)
      ORDER BY p.id LIMIT 1`);
    f.a = { id: a[0], first: a[1], last: a[2], birth: a[3], postcode: a[4], number: a[5] };
    // Twins: two children of one household born on the same day.
    const twins = await rows(`SELECT ${person}, t.id FROM persons p JOIN persons t ON t.household_id = p.household_id
      AND t.id > p.id AND t.birth_date = p.birth_date AND t.relation = 'child'
      JOIN households h ON h.id = p.household_id WHERE p.relation = 'child' ORDER BY p.id LIMIT 1`);
    assert.equal(twins.length, 1, 'the demo population has twins');
    const t = twins[0];
    f.twin = { id: t[0], first: t[1], last: t[2], birth: t[3], postcode: t[4], number: t[5], other: t[6] };
  });

  after(async () => { await srv?.stop(); });

  test('a typo in the surname: linked automatically, through the signal service, and logged', async () => {
    const typo = `${f.a.last}n`;
    const r = await srv.api('POST', '/api/v1/signals', {
      token: await srv.login('jgz'),
      body: signal({ first_name: f.a.first, last_name: typo, birth_date: f.a.birth, postcode: f.a.postcode, house_number: f.a.number }),
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.signal.child.linked, false, 'no exact hit: the signal service leaves it unlinked');
    f.auto = r.json.signal.id;
    const st = await run();
    assert.ok(st.indexed > 400, JSON.stringify(st));
    assert.ok(st.auto_linked >= 1, JSON.stringify(st));
    assert.equal(await personOf(f.auto), f.a.id);
    const [check] = await rows(`SELECT outcome, person_id FROM linkage_checks WHERE signal_id = ${f.auto}`);
    assert.deepEqual(check, ['auto_linked', f.a.id]);
    // The link went through SignalService::Link: its 'linked' event exists.
    assert.equal((await rows(`SELECT count(*) FROM signal_events WHERE signal_id = ${f.auto} AND kind = 'linked'`))[0][0], '1');
    assert.ok(Number((await rows(`SELECT count(*) FROM audit_log WHERE person_id = ${f.a.id} AND detail LIKE 'signaal ${f.auto} automatisch gekoppeld%'`))[0][0]) >= 1);
    // A second run does not look at it again.
    assert.equal((await run()).checked, 0);
  });

  test('twins: another first name is never linked automatically; Veilig Thuis rejects one and confirms the other', async () => {
    const r = await srv.api('POST', '/api/v1/signals', {
      token: await srv.login('police'),
      body: signal({ first_name: 'Xaviera', last_name: f.twin.last, birth_date: f.twin.birth, postcode: f.twin.postcode, house_number: f.twin.number }),
    });
    assert.equal(r.status, 201, r.text);
    const id = r.json.signal.id;
    const st = await run();
    assert.equal(st.auto_linked, 0, JSON.stringify(st));
    assert.equal(await personOf(id), '0', 'not linked');
    const [check] = await rows(`SELECT outcome FROM linkage_checks WHERE signal_id = ${id}`);
    assert.deepEqual(check, ['review']);

    assertProblem(await srv.api('GET', '/api/v1/linkage/reviews', { token: await srv.login('police') }), 403);
    const vt = await srv.login('vt_triage');
    const list = await srv.api('GET', '/api/v1/linkage/reviews', { token: vt });
    assert.equal(list.status, 200, list.text);
    const item = list.json.items.find((i) => i.signal.id === id);
    assert.ok(item, 'the signal is in the review queue');
    assert.equal(item.signal.subject.first_name, 'Xaviera');
    const ids = item.candidates.map((c) => String(c.person_id));
    assert.ok(ids.includes(f.twin.id) && ids.includes(f.twin.other), `both twins proposed: ${ids}`);
    const one = item.candidates.find((c) => String(c.person_id) === f.twin.id);
    const other = item.candidates.find((c) => String(c.person_id) === f.twin.other);
    assert.equal(one.person.birth_date, f.twin.birth);
    assert.ok(one.score >= 0.65 && one.score < 1, `score ${one.score}`);
    assert.match(one.reason, /review|first names differ/);
    assert.ok(Number((await rows(`SELECT count(*) FROM audit_log WHERE person_id = ${f.twin.id} AND detail = 'koppelvoorstel voor signaal ${id} bekeken'`))[0][0]) >= 1);

    // Bad decisions.
    assertProblem(await srv.api('POST', '/api/v1/linkage/reviews/999999/decision', { token: vt, body: { decision: 'reject' } }), 404);
    let bad = await srv.api('POST', `/api/v1/linkage/reviews/${other.review_id}/decision`, { token: vt, body: { decision: 'misschien' } });
    assertProblem(bad, 422);
    assert.deepEqual(errorFields(bad.json), ['decision']);
    bad = await srv.api('POST', `/api/v1/linkage/reviews/${other.review_id}/decision`, { token: vt, body: { decision: 'reject', extra: 1 } });
    assertProblem(bad, 422);
    assertProblem(await srv.api('POST', `/api/v1/linkage/reviews/${other.review_id}/decision`, { token: await srv.login('jgz'), body: { decision: 'reject' } }), 403);

    // Reject the other twin: cannot-link.
    const rej = await srv.api('POST', `/api/v1/linkage/reviews/${other.review_id}/decision`, { token: vt, body: { decision: 'reject' } });
    assert.equal(rej.status, 200, rej.text);
    assert.equal(rej.json.candidates.find((c) => c.review_id === other.review_id).state, 'rejected');
    assertProblem(await srv.api('POST', `/api/v1/linkage/reviews/${other.review_id}/decision`, { token: vt, body: { decision: 'confirm' } }), 409);
    assert.equal(await personOf(id), '0');

    // Confirm through the page: the signal is linked through the signal service.
    const b = await srv.browserLogin('vt_case_worker');
    const page = await b.get('/koppelen');
    assert.equal(page.status, 200);
    assert.match(page.text, /Koppelvoorstellen/);
    assert.match(page.text, new RegExp(`id="voorstel-${one.review_id}"`));
    assert.doesNotMatch(page.text, new RegExp(`id="voorstel-${other.review_id}"`), 'a rejected proposal is gone');
    const done = await b.postForm(`/koppelen/${one.review_id}`, { csrf: hiddenCsrf(page.text), besluit: 'confirm' });
    assert.equal(done.status, 303, done.text.slice(0, 300));
    assert.equal(await personOf(id), f.twin.id);
    const decisions = await rows(`SELECT person_id, kind FROM linkage_decisions WHERE signal_id = ${id} ORDER BY kind`);
    assert.deepEqual(decisions, [[f.twin.other, 'cannot_link'], [f.twin.id, 'must_link']]);
    assert.equal((await rows(`SELECT count(*) FROM signal_events WHERE signal_id = ${id} AND kind = 'linked'`))[0][0], '1');
    const after = await srv.api('GET', '/api/v1/linkage/reviews', { token: vt });
    assert.ok(!after.json.items.some((i) => i.signal.id === id), 'decided signals leave the queue');
    assert.ok(Number((await rows(`SELECT count(*) FROM audit_log WHERE person_id = ${f.twin.id} AND detail = 'koppeling bevestigd (must-link): signaal ${id}'`))[0][0]) === 1);
  });

  test('nothing like anyone: no candidate, no link', async () => {
    const r = await srv.api('POST', '/api/v1/signals', {
      token: await srv.login('jgz'),
      body: signal({ first_name: 'Quirina', last_name: 'Zwxyqvandel', birth_date: '2016-02-29' }),
    });
    assert.equal(r.status, 201, r.text);
    const st = await run();
    assert.ok(st.no_candidate >= 1, JSON.stringify(st));
    const [check] = await rows(`SELECT outcome FROM linkage_checks WHERE signal_id = ${r.json.signal.id}`);
    assert.deepEqual(check, ['no_candidate']);
    assertProblem(await srv.api('POST', '/api/v1/linkage/run', { token: await srv.login('vt_triage'), body: {} }), 403);
  });

  test('a partial signal (first name, estimated age, street): ranked households to choose from, never a link', async () => {
    const [c] = await rows(`SELECT p.id, p.first_name, p.birth_date, h.id, h.street, h.city FROM persons p
      JOIN households h ON h.id = p.household_id WHERE p.relation = 'child' AND p.birth_date > '2012-01-01'
      AND length(p.first_name) >= 4 ORDER BY p.id DESC LIMIT 1`);
    const [person, first, birth, household, street, city] = c;
    const age = new Date().getFullYear() - Number(birth.slice(0, 4));
    const vt = await srv.login('vt_triage');
    const signals = await srv.count('signals');
    const r = await srv.api('POST', '/api/v1/linkage/partial', { token: vt, body: { first_name: first, estimated_age: age, street, city } });
    assert.equal(r.status, 200, r.text);
    const hit = r.json.households.findIndex((h) => String(h.household_id) === household);
    assert.ok(hit >= 0 && hit < 3, `the child's household among the first: ${hit} of ${r.json.households.length}`);
    assert.ok(r.json.households[hit].members.some((m) => String(m.person_id) === person));
    assert.equal(await srv.count('signals'), signals, 'nothing linked or stored');
    assert.ok(Number((await rows(`SELECT count(*) FROM audit_log WHERE person_id = ${person} AND detail = 'partieel signaal: kandidaat-huishouden getoond'`))[0][0]) >= 1);
    // Absurd input: field errors, no crash.
    let bad = await srv.api('POST', '/api/v1/linkage/partial', { token: vt, body: { first_name: 'E', estimated_age: 80 } });
    assertProblem(bad, 422);
    assert.deepEqual(errorFields(bad.json), ['estimated_age', 'first_name', 'street']);
    bad = await srv.api('POST', '/api/v1/linkage/partial', { token: vt, body: { first_name: first, street, colour: 'blue' } });
    assertProblem(bad, 422);
    assertProblem(await srv.api('POST', '/api/v1/linkage/partial', { token: await srv.login('school_contact'), body: { first_name: first, street } }), 403);
  });

  test('a broken linkage key: the server refuses to start and says why', async () => {
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'inbeeld-linkage-keys-'));
    for (const k of fs.readdirSync(srv.keyDir)) fs.copyFileSync(path.join(srv.keyDir, k), path.join(keys, k));
    fs.writeFileSync(path.join(keys, 'linkage.key'), 'kort');
    const out = await new Promise((resolve) => {
      execFile(binary(), ['serve', '--database', srv.dbUrl, '--key-dir', keys, '--listen', '127.0.0.1:0'], { timeout: 20_000 },
        (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stderr }));
    });
    fs.rmSync(keys, { recursive: true, force: true });
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /linkage\.key/);
    assert.match(out.stderr, /start niet/);
  });
});
