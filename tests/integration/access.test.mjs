// The access log (NEN 7513) and need-to-know: every read of a person — API,
// page, search, lookup — is logged with who, organisation and action;
// schools see only their own pupils; local teams, JGZ and midwives need a
// reason outside their municipality; analysts and administrators see no
// person data. At the end the hash chain verifies, and a tampered entry is found.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, BACKEND, startServer, testBsn, uniqueName } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

let srv;
const today = amsterdamDate();

// Facts about the demo population, found through the API (and SQL where the
// API has no list): organisations of the demo users, a pupil of the demo
// school, a pupil of another school, persons in and outside the municipality.
const f = {};

async function accessLog(personId) {
  const r = await srv.api('GET', `/api/v1/persons/${personId}/access-log`, { token: await srv.login('vt_supervisor') });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

const one = async (sql) => {
  const v = await srv.sql(sql);
  assert.ok(v, `no row for: ${sql}`);
  return Number(v.split('\n')[0]);
};

describe('access log and need-to-know', () => {
  before(async () => {
    srv = await startServer();
    const orgs = await srv.api('GET', '/api/v1/organisations', { token: await srv.login('police') });
    assert.equal(orgs.status, 200);
    // The login answer names the organisation; the users table says which one.
    for (const role of ['police', 'vt_case_worker', 'school_contact', 'jgz', 'local_team', 'analyst', 'admin']) {
      const s = await srv.session(role);
      const orgId = await one(`SELECT org_id FROM users WHERE username = '${srv.user(role).username}'`);
      const org = orgs.json.items.find((o) => o.id === orgId);
      assert.ok(org, `organisation ${orgId} of ${role} is listed`);
      assert.equal(org.name, s.user.organisation);
      f[role] = { org };
    }
    const schools = await srv.api('GET', '/api/v1/organisations?kind=school', { token: await srv.login('police') });
    assert.equal(schools.status, 200);
    assert.ok(schools.json.items.every((o) => o.kind === 'school'));
    f.school = f.school_contact.org;
    assert.ok(schools.json.items.some((o) => o.id === f.school.id), 'the demo school is a school');
    const current = `e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')`;
    f.ownPupil = await one(`SELECT e.person_id FROM enrolments e WHERE e.org_id = ${f.school.id} AND ${current} ORDER BY e.person_id LIMIT 1`);
    f.otherPupil = await one(`SELECT e.person_id FROM enrolments e WHERE e.org_id <> ${f.school.id} AND ${current}
      AND NOT EXISTS (SELECT 1 FROM enrolments x WHERE x.person_id = e.person_id AND x.org_id = ${f.school.id})
      ORDER BY e.person_id LIMIT 1`);
    const gm = f.jgz.org.municipality_code;
    assert.match(gm, /^GM\d{4}$/);
    assert.equal(f.local_team.org.municipality_code, gm);
    f.inside = await one(`SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id WHERE h.municipality_code = '${gm}' ORDER BY p.id LIMIT 1`);
    f.outside = await one(`SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id WHERE h.municipality_code <> '${gm}' AND h.municipality_code <> '' ORDER BY p.id LIMIT 1`);
    f.outside2 = await one(`SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id WHERE h.municipality_code <> '${gm}' AND h.municipality_code <> '' ORDER BY p.id DESC LIMIT 1`);
  });
  after(async () => { await srv?.stop(); });

  test('the facts agree with the API: enrolments and municipalities as seen by Veilig Thuis', async () => {
    const vt = await srv.login('vt_case_worker');
    const own = await srv.api('GET', `/api/v1/persons/${f.ownPupil}`, { token: vt });
    assert.equal(own.status, 200);
    assert.ok(own.json.enrolments.some((e) => e.organisation.id === f.school.id && (e.to === '' || e.to >= today)));
    const other = await srv.api('GET', `/api/v1/persons/${f.otherPupil}`, { token: vt });
    assert.equal(other.status, 200);
    assert.ok(!other.json.enrolments.some((e) => e.organisation.id === f.school.id));
    const out = await srv.api('GET', `/api/v1/persons/${f.outside}`, { token: vt });
    assert.notEqual(out.json.household.address.municipality_code, f.jgz.org.municipality_code);
    const inn = await srv.api('GET', `/api/v1/persons/${f.inside}`, { token: vt });
    assert.equal(inn.json.household.address.municipality_code, f.jgz.org.municipality_code);
  });

  describe('the access log', () => {
    test('API read, page read, search and lookup each leave an entry with user, organisation and action', async () => {
      const police = await srv.login('police');
      // A person with a BSN we know, so that lookup can be tested too.
      const bsn = testBsn();
      const name = uniqueName('Log');
      const reg = await srv.api('POST', '/api/v1/persons', {
        token: police, body: { bsn, first_name: name, last_name: 'Logboek', birth_date: '2013-07-08', sex: 'O' },
      });
      assert.equal(reg.status, 201, reg.text);
      const id = reg.json.id;
      assert.deepEqual(await accessLog(id).then((items) => items.filter((e) => e.action !== 'read' || e.user !== 'vt.supervisor').map((e) => [e.user, e.action])),
        [['politie', 'write']]);

      const vt = await srv.login('vt_case_worker');
      assert.equal((await srv.api('GET', `/api/v1/persons/${id}`, { token: vt })).status, 200);
      const b = await srv.browserLogin('vt_triage');
      const page = await b.get(`/personen/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(name));
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const s = await srv.api('GET', `/api/v1/persons?q=${name}`, { token: police });
      assert.equal(s.status, 200);
      assert.deepEqual(s.json.items.map((p) => p.id), [id]);
      const look = await srv.api('POST', '/api/v1/persons/lookup', { token: vt, body: { bsn } });
      assert.equal(look.status, 200);
      assert.equal(look.json.id, id);

      const items = await accessLog(id);
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].at_ms >= items[i].at_ms, 'newest first');
      const mine = items.filter((e) => e.user !== 'vt.supervisor').map((e) => [e.user, e.organisation, e.role, e.action]);
      assert.deepEqual(mine.reverse(), [
        ['politie', f.police.org.name, 'police', 'write'],
        ['vt.casemanager', f.vt_case_worker.org.name, 'vt_case_worker', 'read'],
        ['vt.triage', f.vt_case_worker.org.name, 'vt_triage', 'read'], // the page
        ['vt.triage', f.vt_case_worker.org.name, 'vt_triage', 'read'], // the history on the page
        ['politie', f.police.org.name, 'police', 'search'],
        ['vt.casemanager', f.vt_case_worker.org.name, 'vt_case_worker', 'read'],
      ]);
      for (const e of items) {
        assert.match(e.responsibility, /\(.+\)$/, 'the responsibility names the legal task');
        assert.equal(e.reason, '');
        assert.ok(!JSON.stringify(e).includes(bsn), 'no BSN in the access log');
      }
      // Reading the access log is itself logged.
      const again = await accessLog(id);
      assert.ok(again.filter((e) => e.user === 'vt.supervisor' && e.action === 'read').length >= 2);
      // The page shows the history to those who may see it.
      const page2 = await b.get(`/personen/${id}`);
      assert.match(page2.text, /vt\.casemanager/);
      assert.match(page2.text, /politie/);
    });

    test('a read that fails (unknown person) logs nothing and is 404', async () => {
      const before = await srv.count('audit_log');
      const vt = await srv.login('vt_case_worker');
      assertProblem(await srv.api('GET', '/api/v1/persons/987654321', { token: vt }), 404, 'unknown id');
      assertProblem(await srv.api('GET', '/api/v1/persons/abc', { token: vt }), 404, 'non-numeric id');
      assertProblem(await srv.api('GET', '/api/v1/persons/987654321/access-log', { token: vt }), 404, 'unknown id log');
      assert.equal(await srv.count('audit_log'), before);
    });
  });

  describe('need-to-know', () => {
    test('a school contact reads a pupil of their own school', async () => {
      const token = await srv.login('school_contact');
      const r = await srv.api('GET', `/api/v1/persons/${f.ownPupil}`, { token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.id, f.ownPupil);
      const log = await accessLog(f.ownPupil);
      assert.ok(log.some((e) => e.user === 'school.contact' && e.action === 'read' && e.organisation === f.school.name));
      // ...and finds them by name.
      const s = await srv.api('GET', `/api/v1/persons?q=${encodeURIComponent(r.json.last_name)}&birth_date=${r.json.birth_date}`, { token });
      assert.equal(s.status, 200);
      assert.ok(s.json.items.some((p) => p.id === f.ownPupil));
    });

    test('a school contact gets 403 for a child of another school, logged as read_denied', async () => {
      const token = await srv.login('school_contact');
      const before = (await accessLog(f.otherPupil)).filter((e) => e.action === 'read_denied').length;
      const p = assertProblem(await srv.api('GET', `/api/v1/persons/${f.otherPupil}`, { token }), 403, 'other pupil');
      assert.doesNotMatch(p.detail, /rol/, 'a need-to-know refusal, not a role refusal');
      const log = await accessLog(f.otherPupil);
      const denied = log.filter((e) => e.action === 'read_denied');
      assert.equal(denied.length, before + 1);
      assert.equal(denied[0].user, 'school.contact');
      assert.equal(denied[0].organisation, f.school.name);
      assert.equal(denied[0].role, 'school_contact');
      // Not in search results either (and no entry for what was not shown).
      const vt = await srv.api('GET', `/api/v1/persons/${f.otherPupil}`, { token: await srv.login('vt_case_worker') });
      const s = await srv.api('GET', `/api/v1/persons?q=${encodeURIComponent(vt.json.last_name)}&birth_date=${vt.json.birth_date}`, { token });
      assert.equal(s.status, 200);
      assert.ok(!s.json.items.some((x) => x.id === f.otherPupil), 'another school\'s child is not found');
      // Nor its access history, nor its page.
      assertProblem(await srv.api('GET', `/api/v1/persons/${f.otherPupil}/access-log`, { token }), 403, 'other pupil log');
      const b = await srv.browserLogin('school_trusted_person');
      const page = await b.get(`/personen/${f.otherPupil}`);
      assert.equal(page.status, 403);
      assert.ok(!page.text.includes(vt.json.last_name), 'the refusal page names nobody');
      const final = (await accessLog(f.otherPupil)).filter((e) => e.action === 'read_denied');
      assert.deepEqual(final.slice(0, 3).map((e) => e.user).sort(), ['school.contact', 'school.contact', 'school.vertrouwenspersoon']);
    });

    test('analyst and admin get 403 on person search, read and lookup', async () => {
      for (const role of ['analyst', 'admin']) {
        const token = await srv.login(role);
        assertProblem(await srv.api('GET', '/api/v1/persons?q=jan', { token }), 403, `${role} search`);
        assertProblem(await srv.api('GET', `/api/v1/persons/${f.inside}`, { token }), 403, `${role} read`);
        assertProblem(await srv.api('POST', '/api/v1/persons/lookup', { token, body: { bsn: testBsn() } }), 403, `${role} lookup`);
      }
      const b = await srv.browserLogin('analyst');
      assert.equal((await b.get(`/personen/${f.inside}`)).status, 403);
      assert.equal((await b.get('/personen?q=jan')).status, 403);
    });

    test('JGZ: 200 inside the municipality; outside 409 until a reason is given, then 200 with the reason logged', async () => {
      const token = await srv.login('jgz');
      const inside = await srv.api('GET', `/api/v1/persons/${f.inside}`, { token });
      assert.equal(inside.status, 200, inside.text);
      const before = await accessLog(f.outside);
      const p = assertProblem(await srv.api('GET', `/api/v1/persons/${f.outside}`, { token }), 409, 'no reason');
      assert.match(p.detail, /reden/);
      assertProblem(await srv.api('GET', `/api/v1/persons/${f.outside}`, { token, headers: { 'x-access-reason': 'te kort' } }), 409, 'short reason');
      assertProblem(await srv.api('GET', `/api/v1/persons/${f.outside}`, { token, headers: { 'x-access-reason': '          ' } }), 409, 'blank reason');
      assert.equal((await accessLog(f.outside)).filter((e) => e.user === 'jgz').length, 0, 'nothing read, nothing logged');
      assert.equal(before.filter((e) => e.user === 'jgz').length, 0);

      const reason = 'Zorgmelding consultatiebureau, kind verhuisd';
      const ok = await srv.api('GET', `/api/v1/persons/${f.outside}`, { token, headers: { 'x-access-reason': reason } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.id, f.outside);
      const log = await accessLog(f.outside);
      const mine = log.filter((e) => e.user === 'jgz');
      assert.equal(mine.length, 1);
      assert.equal(mine[0].action, 'read');
      assert.equal(mine[0].reason, reason);
      assert.equal(mine[0].organisation, f.jgz.org.name);
      f.reasonRead = { person: f.outside, at_ms: mine[0].at_ms };
      // Lookup by BSN takes the reason in the body.
      const bsn = testBsn();
      const reg = await srv.api('POST', '/api/v1/persons', { token: await srv.login('police'),
        body: { bsn, first_name: 'Reden', last_name: 'Zonder', birth_date: '2012-01-01' } });
      assert.equal(reg.status, 201);
      assertProblem(await srv.api('POST', '/api/v1/persons/lookup', { token, body: { bsn } }), 409, 'lookup without reason');
      const lr = await srv.api('POST', '/api/v1/persons/lookup', { token, body: { bsn, reason } });
      assert.equal(lr.status, 200, lr.text);
      assert.equal((await accessLog(reg.json.id)).find((e) => e.user === 'jgz').reason, reason);
    });

    test('local team: the page asks for a reason outside the municipality; the form logs it', async () => {
      const b = await srv.browserLogin('local_team');
      const ask = await b.get(`/personen/${f.outside2}`);
      assert.equal(ask.status, 200);
      assert.match(ask.text, /name="reden"/);
      const vt = await srv.api('GET', `/api/v1/persons/${f.outside2}`, { token: await srv.login('vt_case_worker') });
      assert.ok(!ask.text.includes(vt.json.last_name), 'no data before the reason');
      const short = await b.postForm(`/personen/${f.outside2}`, { csrf: b.csrf, reden: 'kort' });
      assert.equal(short.status, 422);
      const reason = 'Melding school over verzuim; afstemming wijkteam';
      const r = await b.postForm(`/personen/${f.outside2}`, { csrf: b.csrf, reden: reason });
      assert.equal(r.status, 200);
      assert.ok(r.text.includes(vt.json.last_name));
      const mine = (await accessLog(f.outside2)).filter((e) => e.user === 'wijkteam' && e.action === 'read' && e.reason === reason);
      assert.equal(mine.length, 1);
      // The API says 409 too, and 200 with the header.
      const token = await srv.login('local_team');
      assertProblem(await srv.api('GET', `/api/v1/persons/${f.outside2}`, { token }), 409, 'local team API');
      assert.equal((await srv.api('GET', `/api/v1/persons/${f.outside2}`, { token, headers: { 'x-access-reason': reason } })).status, 200);
    });
  });

  describe('the hash chain', () => {
    test('`inbeeld audit verify` passes after the run; a tampered entry is found by its seq', async () => {
      await srv.terminate();
      const ok = await srv.cli(['audit', 'verify', '--database', srv.dbUrl]);
      assert.equal(ok.code, 0, `${ok.stdout}${ok.stderr}`);
      const m = ok.stdout.match(/inzagelogboek intact: (\d+) regels/);
      assert.ok(m, ok.stdout);
      const total = Number(m[1]);
      assert.equal(total, await srv.count('audit_log'));
      assert.ok(total > 50, `only ${total} entries`);

      // Append-only: the database itself refuses changes.
      await assert.rejects(srv.sql('UPDATE audit_log SET detail = \'x\' WHERE seq = 1'), /append-only/);
      await assert.rejects(srv.sql('DELETE FROM audit_log WHERE seq = 1'), /append-only/);

      // The JGZ reason read of this run: change what it says.
      const seq = await one(`SELECT seq FROM audit_log WHERE username = 'jgz' AND reason <> '' AND person_id = ${f.reasonRead.person}`);
      assert.ok(seq > 1 && seq < total);
      if (BACKEND === 'sqlite') {
        await srv.sql(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
          UPDATE audit_log SET reason = 'routinecontrole' WHERE seq = ${seq};`);
      } else {
        await srv.sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
          UPDATE audit_log SET reason = 'routinecontrole' WHERE seq = ${seq};`);
      }
      const bad = await srv.cli(['audit', 'verify', '--database', srv.dbUrl]);
      assert.notEqual(bad.code, 0, 'verify must fail on a tampered chain');
      assert.match(bad.stdout, new RegExp(`GEBROKEN bij regel ${seq}\\b`), bad.stdout + bad.stderr);
    });
  });
});
