// Signals, matches, accumulation rules, the radar and retention (issue 5),
// through the API: a school and JGZ signal the same child → both get a match
// notice with each other's contact details but not each other's notes; the
// accumulation rule fires a review task for Veilig Thuis saying which signals;
// "a signal within 30 days after Handle with Care" fires; reading another
// organisation's signal is 403 and logged; the radar needs a reason and logs
// it; rules change audited; bad input changes nothing; an accepted signal
// survives kill -9; retention and match follow-up run with a chosen clock
// (INBEELD_TEST_CLOCK=1 lets an administrator run the jobs for a moment).
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, errorFields, startServer, testBsn } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

process.env.INBEELD_TEST_CLOCK = '1';

describe('signals and the radar', () => {
  let srv;
  const f = {};
  const today = amsterdamDate();
  const one = async (sql) => (await srv.sql(sql)).split('\n')[0];
  const post = async (role, body) => srv.api('POST', '/api/v1/signals', { token: await srv.login(role), body });
  const signal = (child, extra = {}) => ({ child, category: 'safety_at_home', level: 2, contact: { phone: '010-1234567' }, ...extra });
  const inbox = async (role) => {
    const r = await srv.api('GET', '/api/v1/inbox', { token: await srv.login(role) });
    assert.equal(r.status, 200, r.text);
    return r.json.items;
  };

  before(async () => {
    srv = await startServer({ children: 400 });
    f.school = Number(await one("SELECT org_id FROM users WHERE username = 'school.contact'"));
    // A pupil of the demo school with a brother or sister in the same household.
    const rows = (await srv.sql(`SELECT p.id || '|' || p.household_id || '|' || s.id FROM persons p
      JOIN enrolments e ON e.person_id = p.id JOIN persons s ON s.household_id = p.household_id AND s.id <> p.id AND s.relation = 'child'
      WHERE e.org_id = ${f.school} AND e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')
      AND p.relation = 'child' AND p.birth_date > '${Number(today.slice(0, 4)) - 16}-01-01'
      AND s.birth_date > '${Number(today.slice(0, 4)) - 19}-01-01' ORDER BY p.id`)).split('\n').filter(Boolean);
    assert.ok(rows.length >= 3, `pupils with a sibling: ${rows.length}`);
    const parse = (l) => { const [child, household, sibling] = l.split('|').map(Number); return { child, household, sibling }; };
    f.a = parse(rows[0]);
    f.b = parse(rows.find((l) => parse(l).household !== f.a.household));
    f.c = parse(rows.filter((l) => ![f.a.household, f.b.household].includes(parse(l).household))[0]);
  });

  after(async () => { await srv?.stop(); });

  test('bad input gets field errors and stores nothing', async () => {
    const before = await srv.count('signals');
    let r = await post('school_contact', { child: { person_id: f.a.child }, level: 9 });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['category']);
    r = await post('school_contact', signal({ person_id: f.a.child }, { level: 9, category: 'astrology', signal_date: '2999-01-01' }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['category', 'level', 'signal_date']);
    r = await post('school_contact', signal({ person_id: f.a.child }, { contact: {} }));
    assert.deepEqual(errorFields(r.json), ['contact_phone']);
    r = await post('school_contact', signal({ first_name: 'Emma' }));
    assert.deepEqual(errorFields(r.json), ['child']);
    r = await post('school_contact', signal({ person_id: f.a.child, bsn: testBsn() }));
    assert.deepEqual(errorFields(r.json), ['bsn']);
    r = await post('school_contact', signal({ bsn: '123456789' }));
    assert.deepEqual(errorFields(r.json), ['bsn']);
    r = await post('school_contact', signal({ person_id: f.a.child }, { surprise: 1 }));
    assertProblem(r, 422);
    r = await post('school_contact', signal({ person_id: 999999999 }));
    assert.deepEqual(errorFields(r.json), ['person_id']);
    assertProblem(await post('analyst', signal({ person_id: f.a.child })), 403);
    assertProblem(await post('vt_triage', signal({ person_id: f.a.child })), 403);
    assert.equal(await srv.count('signals'), before);
  });

  test('two organisations on one child: a match with contact details, never the note', async () => {
    let r = await post('school_contact', signal({ person_id: f.a.child }, { note: 'Geheime schoolnotitie', contact: { phone: '010-1111111' } }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.created, true);
    assert.equal(r.json.signal.child.linked, true);
    assert.deepEqual(r.json.new_matches, []);
    f.schoolSignal = r.json.signal.id;
    // The same organisation again: the signal is updated, not duplicated.
    r = await post('school_contact', signal({ person_id: f.a.child }, { level: 3, note: 'Geheime schoolnotitie 2', contact: { phone: '010-1111111' } }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, false);
    assert.equal(r.json.signal.id, f.schoolSignal);
    assert.equal(r.json.signal.level, 3);

    r = await post('jgz', signal({ person_id: f.a.child }, { category: 'neglect', note: 'Geheime JGZ-notitie', contact: { email: 'jgz.arts@demo.inbeeld.example' } }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.new_matches.length, 1);
    f.jgzSignal = r.json.signal.id;
    f.match = r.json.new_matches[0];
    // 2 school events + 1 JGZ event within 90 days: the accumulation rule fired.
    assert.equal(r.json.reviews.length, 1, 'the rule "3 signals from 2 organisations" fired');
    f.review = r.json.reviews[0];

    const school = (await srv.api('GET', '/api/v1/signal-matches', { token: await srv.login('school_contact') })).json.items;
    const m = school.find((x) => x.id === f.match);
    assert.ok(m, 'the school sees the match');
    assert.equal(m.kind, 'same_child');
    assert.equal(m.other.email, 'jgz.arts@demo.inbeeld.example');
    assert.equal(m.state, 'open');
    assert.ok(!JSON.stringify(m).includes('Geheime'), 'no note in a match');
    const jgz = (await srv.api('GET', '/api/v1/signal-matches', { token: await srv.login('jgz') })).json.items;
    assert.equal(jgz.find((x) => x.id === f.match).other.phone, '010-1111111');

    // Match notices in both in-app inboxes (from the outbox), without notes.
    for (const role of ['school_contact', 'jgz']) {
      let items = [];
      for (let i = 0; i < 100 && !items.some((x) => /match/i.test(x.subject)); i++) {
        items = await inbox(role);
        await new Promise((res) => setTimeout(res, 100));
      }
      const n = items.find((x) => /match/i.test(x.subject));
      assert.ok(n, `${role} got a match notice`);
      assert.ok(!n.body.includes('Geheime'), 'no note in a match notice');
      assert.match(n.body, role === 'jgz' ? /010-1111111/ : /jgz\.arts@/);
    }
  });

  test("another organisation's signal and note: 403, logged; Veilig Thuis reads it", async () => {
    const r = await srv.api('GET', `/api/v1/signals/${f.jgzSignal}`, { token: await srv.login('school_contact') });
    assertProblem(r, 403);
    assert.ok(!r.text.includes('Geheime'));
    const denied = await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${f.a.child}`);
    assert.ok(Number(denied) >= 1, 'the refusal is in the access log');
    const own = await srv.api('GET', `/api/v1/signals/${f.schoolSignal}`, { token: await srv.login('school_contact') });
    assert.equal(own.json.note, 'Geheime schoolnotitie 2');
    const vt = await srv.api('GET', `/api/v1/signals/${f.jgzSignal}`, { token: await srv.login('vt_triage') });
    assert.equal(vt.status, 200, vt.text);
    assert.equal(vt.json.note, 'Geheime JGZ-notitie');
    const list = (await srv.api('GET', '/api/v1/signals', { token: await srv.login('jgz') })).json.items;
    assert.ok(list.every((s) => s.organisation.id !== f.school), 'own signals only');
  });

  test('coordination: one organisation takes it, the other is told and cannot take it too', async () => {
    let r = await srv.api('POST', `/api/v1/signal-matches/${f.match}/coordinator`, { token: await srv.login('school_contact') });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.coordinator, 'me');
    assert.equal(r.json.state, 'followed_up');
    r = await srv.api('POST', `/api/v1/signal-matches/${f.match}/coordinator`, { token: await srv.login('jgz') });
    assertProblem(r, 409);
    const jgz = (await srv.api('GET', '/api/v1/signal-matches', { token: await srv.login('jgz') })).json.items;
    assert.equal(jgz.find((x) => x.id === f.match).coordinator, 'other');
    // A professional outside the match.
    assertProblem(await srv.api('POST', `/api/v1/signal-matches/${f.match}/follow-up`, { token: await srv.login('midwife') }), 403);
    assertProblem(await srv.api('POST', '/api/v1/signal-matches/999999/follow-up', { token: await srv.login('jgz') }), 404);
  });

  test('a sibling: a household match; the review task names its rule and signals', async () => {
    const r = await post('local_team', signal({ person_id: f.a.sibling }, { category: 'parental_problems', contact: { phone: '06-12345678' } }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.new_matches.length, 2, 'with the school and with JGZ');
    const items = (await srv.api('GET', '/api/v1/signal-matches', { token: await srv.login('local_team') })).json.items;
    assert.ok(items.every((m) => m.kind === 'household'));

    const reviews = await srv.api('GET', '/api/v1/signal-reviews?state=open', { token: await srv.login('vt_triage') });
    assert.equal(reviews.status, 200, reviews.text);
    const t = reviews.json.items.find((x) => x.id === f.review);
    assert.ok(t, 'the review task is open');
    assert.equal(t.rule.code, 'stapeling');
    assert.equal(t.child.id, f.a.child);
    assert.equal(t.signal_event_ids.length, 3);
    assert.match(t.explanation, /3 signalen van 2 organisaties binnen 90 dagen/);
    assertProblem(await srv.api('GET', '/api/v1/signal-reviews', { token: await srv.login('school_contact') }), 403);
    assertProblem(await srv.api('POST', `/api/v1/signal-reviews/${f.review}/close`, { token: await srv.login('vt_triage'), body: { outcome: ' ' } }), 422);
    const closed = await srv.api('POST', `/api/v1/signal-reviews/${f.review}/close`, { token: await srv.login('vt_triage'), body: { outcome: 'Besproken in triage; VT neemt contact op met de school.' } });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.state, 'closed');
    assertProblem(await srv.api('POST', `/api/v1/signal-reviews/${f.review}/close`, { token: await srv.login('vt_triage'), body: { outcome: 'nog eens' } }), 409);
  });

  test('a signal within 30 days after Handle with Care goes to Veilig Thuis', async () => {
    const addr = (await srv.sql(`SELECT h.postcode || '|' || h.house_number FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = ${f.b.child}`)).split('\n')[0].split('|');
    const hwc = await srv.api('POST', '/api/v1/hwc/incidents', {
      token: await srv.login('police'),
      body: { occurred_ms: Date.now() - 3600_000, postcode: addr[0], house_number: addr[1], children: [{ person_id: f.b.child, present: true }] },
    });
    assert.equal(hwc.status, 201, hwc.text);
    const r = await post('school_contact', signal({ person_id: f.b.child }, { category: 'behaviour', level: 1 }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.reviews.length, 1);
    const t = (await srv.api('GET', '/api/v1/signal-reviews?state=open', { token: await srv.login('vt_case_worker') })).json.items
      .find((x) => x.id === r.json.reviews[0]);
    assert.equal(t.rule.code, 'na_handle_with_care');
    assert.equal(t.hwc_notice_ids.length, 1);
    assert.equal(t.signal_event_ids.length, 1);
  });

  test('the radar: a reason is required and recorded; chronology per child and household', async () => {
    const vt = await srv.login('vt_triage');
    assertProblem(await srv.api('GET', `/api/v1/radar/persons/${f.a.child}`, { token: vt }), 422);
    assertProblem(await srv.api('GET', `/api/v1/radar/persons/${f.a.child}?reason=onderzoek`, { token: await srv.login('school_contact') }), 403);
    assertProblem(await srv.api('GET', `/api/v1/radar/persons/${f.a.child}?reason=triage+melding&kinds=gossip`, { token: vt }), 422);
    const reason = `Triage melding ${Date.now()}`;
    const r = await srv.api('GET', `/api/v1/radar/persons/${f.a.child}?reason=${encodeURIComponent(reason)}`, { token: vt });
    assert.equal(r.status, 200, r.text);
    const kinds = r.json.entries.map((e) => e.kind);
    assert.ok(kinds.filter((k) => k === 'signal').length >= 3, JSON.stringify(kinds));
    assert.ok(kinds.includes('match') && kinds.includes('review'));
    assert.ok(r.json.entries.some((e) => e.detail.includes('Geheime JGZ-notitie')), 'VT sees the notes on the radar');
    const logged = await one(`SELECT count(*) FROM audit_log WHERE person_id = ${f.a.child} AND reason = '${reason}'`);
    assert.equal(Number(logged), 1);
    // Household: both children; filtered to matches only.
    const h = await srv.api('GET', `/api/v1/radar/households/${f.a.household}?reason=${encodeURIComponent(reason)}&kinds=signal`, { token: vt });
    assert.equal(h.status, 200, h.text);
    const people = new Set(h.json.entries.map((e) => e.person.id));
    assert.ok(people.has(f.a.child) && people.has(f.a.sibling));
    assert.ok(h.json.entries.every((e) => e.kind === 'signal'));
    const past = await srv.api('GET', `/api/v1/radar/persons/${f.a.child}?reason=${encodeURIComponent(reason)}&to=2000-01-01`, { token: vt });
    assert.deepEqual(past.json.entries, []);
    assertProblem(await srv.api('GET', '/api/v1/radar/persons/999999999?reason=onderzoek+x', { token: vt }), 404);
  });

  test('a child the register does not know: accepted unlinked, linked later by Veilig Thuis', async () => {
    const r = await post('midwife', signal({ bsn: testBsn(), first_name: 'Noor', last_name: 'Onbekend', birth_date: '2026-01-15' }, { category: 'parental_problems' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.signal.child.linked, false);
    assert.equal(r.json.signal.child.name, 'Noor Onbekend');
    const unlinked = await srv.api('GET', '/api/v1/signals/unlinked', { token: await srv.login('vt_triage') });
    assert.ok(unlinked.json.items.some((s) => s.id === r.json.signal.id));
    assertProblem(await srv.api('POST', `/api/v1/signals/${r.json.signal.id}/link`, { token: await srv.login('midwife'), body: { person_id: f.c.child } }), 403);
    const linked = await srv.api('POST', `/api/v1/signals/${r.json.signal.id}/link`, { token: await srv.login('vt_triage'), body: { person_id: f.c.child } });
    assert.equal(linked.status, 200, linked.text);
    assert.equal(linked.json.signal.child.id, f.c.child);
    assertProblem(await srv.api('POST', `/api/v1/signals/${r.json.signal.id}/link`, { token: await srv.login('vt_triage'), body: { person_id: f.c.child } }), 409);
  });

  test('the category list is configurable by the supervisor, logged; a retired category cannot be chosen', async () => {
    const sup = await srv.login('vt_supervisor');
    assertProblem(await srv.api('PUT', '/api/v1/signal-categories/online', { token: await srv.login('jgz'), body: { label_nl: 'Online', label_en: 'Online', active: true } }), 403);
    let bad = await srv.api('PUT', '/api/v1/signal-categories/Online%20risico', { token: sup, body: { label_nl: 'Online', label_en: 'x', active: true } });
    assertProblem(bad, 422);
    assert.deepEqual(errorFields(bad.json), ['code']);
    bad = await srv.api('PUT', '/api/v1/signal-categories/online_risico', { token: sup, body: { label_nl: ' ', label_en: 'x', active: true } });
    assert.deepEqual(errorFields(bad.json), ['label_nl']);
    let r = await srv.api('PUT', '/api/v1/signal-categories/online_risico', { token: sup, body: { label_nl: 'Online risico', label_en: 'Online risk', active: true } });
    assert.equal(r.status, 200, r.text);
    const cats = (await srv.api('GET', '/api/v1/signal-categories', { token: await srv.login('jgz') })).json.items.map((c) => c.code);
    assert.ok(cats.includes('online_risico'));
    r = await srv.api('PUT', '/api/v1/signal-categories/online_risico', { token: sup, body: { label_nl: 'Online risico', label_en: 'Online risk', active: false } });
    assert.equal(r.json.active, false);
    const refused = await post('jgz', signal({ person_id: f.c.child }, { category: 'online_risico' }));
    assertProblem(refused, 422);
    assert.deepEqual(errorFields(refused.json), ['category']);
    assert.ok(Number(await one("SELECT count(*) FROM audit_log WHERE detail LIKE 'signaalcategorie online_risico%'")) >= 2);
  });

  test('rules: the supervisor changes one, versioned and logged; others may not', async () => {
    const rules = await srv.api('GET', '/api/v1/signal-rules', { token: await srv.login('vt_triage') });
    assert.equal(rules.status, 200, rules.text);
    const rule = rules.json.items.find((r) => r.code === 'stapeling');
    assert.equal(rule.min_signals, 3);
    assertProblem(await srv.api('PUT', '/api/v1/signal-rules/stapeling', { token: await srv.login('vt_triage'), body: { min_signals: 4, min_orgs: 2, window_days: 90, active: true } }), 403);
    const bad = await srv.api('PUT', '/api/v1/signal-rules/stapeling', { token: await srv.login('vt_supervisor'), body: { min_signals: 2, min_orgs: 3, window_days: 0, active: true } });
    assertProblem(bad, 422);
    assert.deepEqual(errorFields(bad.json), ['min_orgs', 'window_days']);
    assertProblem(await srv.api('PUT', '/api/v1/signal-rules/geen', { token: await srv.login('vt_supervisor'), body: { min_signals: 3, min_orgs: 2, window_days: 90, active: true } }), 404);
    const ok = await srv.api('PUT', '/api/v1/signal-rules/stapeling', { token: await srv.login('vt_supervisor'), body: { min_signals: 4, min_orgs: 2, window_days: 120, active: true } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.version, rule.version + 1);
    const logged = await one("SELECT detail FROM audit_log WHERE detail LIKE 'regel stapeling gewijzigd%' ORDER BY seq DESC LIMIT 1");
    assert.match(logged, /min_signals=3 .* -> .*min_signals=4/);
    // Put it back for the other tests.
    await srv.api('PUT', '/api/v1/signal-rules/stapeling', { token: await srv.login('vt_supervisor'), body: { min_signals: 3, min_orgs: 2, window_days: 90, active: true } });
  });

  test('an accepted signal survives kill -9 and a restart', async () => {
    const r = await post('police', signal({ person_id: f.c.sibling }, { note: 'na kill -9' }));
    assert.equal(r.status, 201, r.text);
    await srv.kill9();
    await srv.restart();
    srv.forget('police');
    const list = (await srv.api('GET', '/api/v1/signals', { token: await srv.login('police') })).json.items;
    const s = list.find((x) => x.id === r.json.signal.id);
    assert.ok(s, 'the signal is there after the restart');
    assert.equal(s.note, 'na kill -9');
    assert.equal(Number(await one(`SELECT count(*) FROM signal_events WHERE signal_id = ${s.id}`)), 1);
  });

  test('match follow-up after 10 working days, then retention: archive after 2 years, delete after 5 more', async () => {
    const admin = await srv.login('admin');
    assertProblem(await srv.api('POST', '/api/v1/signals/jobs/run', { token: await srv.login('vt_supervisor'), body: {} }), 403);
    const day = 24 * 3600_000;
    // 20 calendar days on: every match not followed up is flagged (and both told), once.
    let r = await srv.api('POST', '/api/v1/signals/jobs/run', { token: admin, body: { now_ms: Date.now() + 20 * day } });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.overdue_matches >= 1, JSON.stringify(r.json));
    assert.equal(r.json.archived, 0);
    r = await srv.api('POST', '/api/v1/signals/jobs/run', { token: admin, body: { now_ms: Date.now() + 21 * day } });
    assert.equal(r.json.overdue_matches, 0, 'flagged once');
    const stats = await srv.api('GET', '/api/v1/signal-matches/stats', { token: await srv.login('vt_supervisor') });
    assert.ok(stats.json.overdue >= 1 && stats.json.followed_up >= 1, JSON.stringify(stats.json));
    const active = Number(await one("SELECT count(*) FROM signals WHERE state = 'active'"));
    // Two years and a bit: everything is archived (children under 21 today) and logged.
    r = await srv.api('POST', '/api/v1/signals/jobs/run', { token: admin, body: { now_ms: Date.now() + 732 * day } });
    assert.equal(r.json.archived, active);
    assert.equal(Number(await one("SELECT count(*) FROM signals WHERE state = 'active'")), 0);
    assert.ok(Number(await one("SELECT count(*) FROM audit_log WHERE detail LIKE '%gearchiveerd (bewaartermijn%'")) >= active);
    // The archive still shows on the radar.
    const radar = await srv.api('GET', `/api/v1/radar/persons/${f.a.child}?reason=archief+controleren`, { token: await srv.login('vt_triage') });
    assert.ok(radar.json.entries.some((e) => e.detail.includes('gearchiveerd')));
    // Five years after that: deleted, with their events and matches.
    r = await srv.api('POST', '/api/v1/signals/jobs/run', { token: admin, body: { 'now ms': 0 } });
    assertProblem(r, 422);
    r = await srv.api('POST', '/api/v1/signals/jobs/run', { token: admin, body: { now_ms: Date.now() + (732 + 5 * 366) * day } });
    assert.equal(r.json.deleted, active);
    assert.equal(await srv.count('signals'), 0);
    assert.equal(await srv.count('signal_events'), 0);
    assert.equal(await srv.count('signal_matches'), 0);
  });
});
