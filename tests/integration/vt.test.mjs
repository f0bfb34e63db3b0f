// The Veilig Thuis workflow (issue 7, part 1) through the API: intake of
// reports and advice requests with Dutch field errors, classification from the
// family's history (new / vervolgmelding / hermelding), the clocks (5 working
// days; acute 24 hours), the region's queue sorted by time left, a reporter
// who must stay unknown shown only to triage and the supervisor, another
// region's report refused and logged, the safety assessment with optimistic
// locking (409 on a stale version), a late assessment accepted and marked
// late, feedback in the reporter's inbox, escalation to the supervisor when a
// deadline passes (INBEELD_TEST_CLOCK=1 lets an administrator run the job for
// a moment), and the supervisor dashboard.
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, errorFields, startServer } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

process.env.INBEELD_TEST_CLOCK = '1';

describe('Veilig Thuis: intake, queue, assessment', () => {
  let srv;
  const f = {};
  const one = async (sql) => (await srv.sql(sql)).split('\n')[0];
  const api = async (role, method, path, body) => srv.api(method, path, { token: await srv.login(role), body });
  const report = (persons, extra = {}) => ({
    reporter: { type: 'professional' },
    persons,
    codes: ['witnessing_dv'],
    summary: 'Kind vertelt over ruzie thuis met geschreeuw en geduw.',
    region_org_id: f.vt,
    ...extra,
  });
  const inbox = async (role, re) => {
    let items = [];
    for (let i = 0; i < 100 && !items.some((x) => re.test(x.subject)); i++) {
      const r = await srv.api('GET', '/api/v1/inbox', { token: await srv.login(role) });
      assert.equal(r.status, 200, r.text);
      items = r.json.items;
      if (!items.some((x) => re.test(x.subject))) await new Promise((res) => setTimeout(res, 100));
    }
    return items.find((x) => re.test(x.subject));
  };

  before(async () => {
    srv = await startServer({ children: 300 });
    f.vt = Number(await one("SELECT org_id FROM users WHERE username = (SELECT username FROM users WHERE role = 'vt_triage' ORDER BY id LIMIT 1)"));
    f.otherVt = Number(await one(`SELECT id FROM organisations WHERE kind = 'veilig_thuis' AND id <> ${f.vt} ORDER BY id LIMIT 1`));
    // Three households with two children each.
    const rows = (await srv.sql(`SELECT p.household_id || '|' || min(p.id) || '|' || max(p.id) FROM persons p
      WHERE p.relation = 'child' AND p.household_id IS NOT NULL GROUP BY p.household_id HAVING count(*) >= 2
      ORDER BY p.household_id LIMIT 4`)).split('\n').filter(Boolean);
    assert.ok(rows.length >= 4, `households with two children: ${rows.length}`);
    [f.h1, f.h2, f.h3, f.h4] = rows.map((l) => { const [household, a, b] = l.split('|').map(Number); return { household, a, b }; });
  });

  after(async () => { await srv?.stop(); });

  test('a report missing required fields is refused with Dutch field errors; nothing is stored', async () => {
    const before = await srv.count('vt_reports');
    let r = await api('jgz', 'POST', '/api/v1/vt/reports', { reporter: { type: 'professional' }, persons: [] });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['summary']);  // JSON shape first: required members
    r = await api('jgz', 'POST', '/api/v1/vt/reports', report([], { codes: [], urgency: 'soon' }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['codes', 'persons', 'urgency']);
    assert.ok(r.json.errors.some((e) => /minstens één kind/.test(e.detail ?? e.message)), r.text);
    r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: 999999999 }, { bsn: '123456789' }], { codes: ['astrology'] }));
    assert.deepEqual(errorFields(r.json), ['codes', 'persons[0].person_id', 'persons[1].bsn']);
    r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.a }], { reporter: { type: 'alien' } }));
    assert.deepEqual(errorFields(r.json), ['reporter.type']);
    // Veilig Thuis recording a bystander's call: the bystander must be reachable.
    r = await api('vt_triage', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.a }], { reporter: { type: 'bystander' } }));
    assert.deepEqual(errorFields(r.json), ['reporter.name', 'reporter.phone']);
    r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.a }], { surprise: 1 }));
    assertProblem(r, 422);
    assertProblem(await api('analyst', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.a }])), 403);
    assert.equal(await srv.count('vt_reports'), before);
  });

  test('a report: classified new, 5 working days, in the region queue; a second on the family is a vervolgmelding', async () => {
    let r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.a }, { person_id: f.h1.b }]));
    assert.equal(r.status, 201, r.text);
    f.r1 = r.json;
    assert.equal(f.r1.kind, 'report');
    assert.equal(f.r1.classification, 'new');
    assert.equal(f.r1.state, 'triage');
    assert.equal(f.r1.version, 1);
    assert.equal(f.r1.region.id, f.vt);
    assert.equal(f.r1.persons.length, 2);
    assert.equal(f.r1.reporter.visible, true);
    assert.equal(f.r1.reporter.organisation.length > 0, true);
    assert.match(f.r1.deadline_explanation, /5 werkdagen/);
    assert.equal(f.r1.acute_due_ms, null);
    assert.ok(f.r1.assessment_due_ms - f.r1.received_ms >= 5 * 86400000, 'at least 5 days');
    assert.ok(f.r1.assessment_due_ms - f.r1.received_ms <= 12 * 86400000, 'at most 12 days');

    r = await api('local_team', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h1.b }], {
      urgency: 'acute', codes: ['physical_abuse', 'witnessing_dv'], reporter: { type: 'professional', stay_unknown: true },
    }));
    assert.equal(r.status, 201, r.text);
    f.r2 = r.json;
    assert.equal(f.r2.classification, 'vervolgmelding');
    assert.match(f.r2.classification_reason, new RegExp(`melding ${f.r1.id}`));
    assert.equal(f.r2.acute_due_ms - f.r2.received_ms, 24 * 3600 * 1000);
    assert.equal(f.r2.due_ms, f.r2.acute_due_ms);

    // The queue: the acute one first (nearest deadline); no person data in the list.
    r = await api('vt_triage', 'GET', '/api/v1/vt/reports');
    assert.equal(r.status, 200, r.text);
    const ids = r.json.items.map((x) => x.id);
    assert.ok(ids.indexOf(f.r2.id) < ids.indexOf(f.r1.id), JSON.stringify(ids));
    assert.deepEqual(r.json.items.find((x) => x.id === f.r2.id).persons, []);
    assert.equal(r.json.items.find((x) => x.id === f.r2.id).summary, '');  // no texts in the list
    assert.ok(['on_track', 'warning'].includes(r.json.items.find((x) => x.id === f.r1.id).band));
    const times = r.json.items.map((x) => x.time_left_ms);
    assert.deepEqual([...times].sort((a, b) => a - b), times);
    assertProblem(await api('jgz', 'GET', '/api/v1/vt/reports'), 403);
  });

  test('a reporter who must stay unknown: triage and supervisor see them, the case worker does not', async () => {
    for (const [role, visible] of [['vt_triage', true], ['vt_supervisor', true], ['vt_case_worker', false]]) {
      const r = await api(role, 'GET', `/api/v1/vt/reports/${f.r2.id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.reporter.stay_unknown, true);
      assert.equal(r.json.reporter.visible, visible, role);
      assert.equal('name' in r.json.reporter, visible, role);
      assert.equal(r.json.persons[0].id, f.h1.b);
    }
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE person_id = ${f.h1.b} AND detail LIKE '%melding ${f.r2.id} bekeken%'`)) >= 3);
  });

  test("another region's report: 403, and the refusal is in the access log", async () => {
    const r3 = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h2.a }], { region_org_id: f.otherVt }));
    assert.equal(r3.status, 201, r3.text);
    const r = await api('vt_triage', 'GET', `/api/v1/vt/reports/${r3.json.id}`);
    assertProblem(r, 403);
    assert.ok(!r.text.includes('ruzie'));
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${f.h2.a}`)) >= 1);
    assertProblem(await api('jgz', 'GET', `/api/v1/vt/reports/${r3.json.id}`), 403);
  });

  test('the assessment: a stale version is a conflict, never an overwrite; the reporter gets feedback', async () => {
    const path = `/api/v1/vt/reports/${f.r1.id}/assessment`;
    let r = await api('vt_triage', 'POST', path, { version: 1, outcome: 'vv' });
    assert.deepEqual(errorFields(r.json), ['reasons']);
    r = await api('vt_triage', 'POST', path, { version: 1, outcome: 'maybe', reasons: 'x' });
    assert.deepEqual(errorFields(r.json), ['outcome']);
    // Two workers read version 1; the first saves, the second gets 409.
    const [a, b] = await Promise.all([
      api('vt_triage', 'POST', path, { version: 1, outcome: 'vv', reasons: 'Ouders werken mee; afspraken over veiligheid.' }),
      api('vt_case_worker', 'POST', path, { version: 1, outcome: 'close', reasons: 'Geen zorgen meer.' }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], `${a.text} ${b.text}`);
    const won = a.status === 200 ? a : b;
    const lost = a.status === 200 ? b : a;
    assertProblem(lost, 409);
    assert.equal(won.json.version, 2);
    const after = (await api('vt_triage', 'GET', `/api/v1/vt/reports/${f.r1.id}`)).json;
    assert.equal(after.version, 2);
    assert.equal(after.outcome, won.json.outcome);
    f.r1outcome = won.json.outcome;
    // Again with the new version: already assessed.
    assertProblem(await api('vt_triage', 'POST', path, { version: 2, outcome: 'close', reasons: 'nogmaals' }), 409);
    assert.equal(after.assessment_late, false);
    // Feedback in the reporter's (jgz) inbox: follow-up, no reasons.
    const n = await inbox('jgz', /Terugkoppeling van Veilig Thuis/);
    assert.ok(n, 'feedback in the inbox');
    assert.match(n.body, new RegExp(`melding ${f.r1.id}`));
    assert.ok(!n.body.includes('Ouders werken mee') && !n.body.includes('Geen zorgen'), n.body);
  });

  test('an assessment after the deadline is accepted and marked late', async () => {
    await srv.sql(`UPDATE vt_reports SET assessment_due_ms = received_ms - 1000, acute_due_ms = received_ms - 1000, due_ms = received_ms - 1000 WHERE id = ${f.r2.id}`);
    const r = await api('vt_supervisor', 'POST', `/api/v1/vt/reports/${f.r2.id}/assessment`, {
      version: 1, outcome: 'investigation', reasons: 'Letsel gezien; eigen onderzoek met hoor en wederhoor.',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assessment_late, true);
    assert.equal(r.json.state, 'investigation');
    assert.ok(r.json.investigation_due_ms - r.json.assessed_ms >= 69 * 86400000);
  });

  test('closed reports: a new report on the family within 3 years is a hermelding', async () => {
    let r = await api('school_contact', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h3.a }]));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.classification, 'new');
    r = await api('vt_triage', 'POST', `/api/v1/vt/reports/${r.json.id}/assessment`, { version: 1, outcome: 'handover', reasons: 'Wijkteam is al betrokken.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'handed_over');
    r = await api('police', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h3.b }], { reporter: { type: 'police' } }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.classification, 'hermelding');
    // Three years and more ago: new again.
    const fourYears = 4 * 366 * 86400000;
    await srv.sql(`UPDATE vt_reports SET closed_ms = closed_ms - ${fourYears} WHERE household_id = ${f.h3.household} AND closed_ms IS NOT NULL`);
    await srv.sql(`UPDATE vt_reports SET closed_ms = received_ms - ${fourYears} WHERE id = ${r.json.id}`);
    r = await api('police', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h3.a }], { reporter: { type: 'police' } }));
    assert.equal(r.json.classification, 'new', r.text);
  });

  test('an advice request: no family data, may be anonymous', async () => {
    const r = await api('vt_triage', 'POST', '/api/v1/vt/advice', {
      reporter: { type: 'bystander' }, question: 'Buurvrouw hoort vaak geschreeuw; wat kan ik doen?', advice: 'Praat met haar; bel terug bij zorgen.', codes: ['partner_violence'],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, 'advice');
    assert.equal(r.json.state, 'advice');
    assert.deepEqual(r.json.persons, []);
    assert.equal(r.json.classification, null);
    const bad = await api('vt_triage', 'POST', '/api/v1/vt/advice', { reporter: { type: 'bystander' }, question: ' ' });
    assert.deepEqual(errorFields(bad.json), ['question']);
  });

  test('a passed deadline escalates to the supervisor once; the dashboard counts per state and band', async () => {
    let r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h4.a }]));
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const later = r.json.assessment_due_ms + 60_000;
    r = await api('admin', 'POST', '/api/v1/vt/jobs/run', { now_ms: later });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.escalated >= 1, r.text);
    assert.notEqual(await one(`SELECT escalated_ms FROM vt_reports WHERE id = ${id}`), '');
    r = await api('admin', 'POST', '/api/v1/vt/jobs/run', { now_ms: later });
    assert.equal(r.json.escalated, 0);
    const n = await inbox('vt_supervisor', new RegExp(`termijn verstreken bij melding ${id}`));
    assert.ok(n, `the supervisor was told: ${await srv.sql("SELECT id, channel, recipient, subject, state FROM outbox WHERE subject LIKE '%termijn%'")}`);
    r = await api('vt_supervisor', 'GET', '/api/v1/vt/dashboard');
    assert.equal(r.status, 200, r.text);
    const triage = r.json.counts.filter((c) => c.state === 'triage').reduce((s, c) => s + c.count, 0);
    assert.ok(triage >= 1, r.text);
    assert.equal(r.json.months.length, 12);
    const month = r.json.months[11];
    assert.ok(month.assessed >= 3 && month.in_time >= 2 && month.in_time < month.assessed, JSON.stringify(month));
    assertProblem(await api('vt_triage', 'GET', '/api/v1/vt/dashboard'), 403);
  });
  test('the case plan, family profile and vast aanspreekpunt: versioned; shown in the case and the radar', async () => {
    let r = await api('jgz', 'POST', '/api/v1/vt/reports', report([{ person_id: f.h2.b }]));
    assert.equal(r.status, 201, r.text);
    f.vv = r.json;
    r = await api('vt_triage', 'POST', `/api/v1/vt/reports/${f.vv.id}/assessment`, { version: 1, outcome: 'vv', reasons: 'Afspraken met het gezin.' });
    assert.equal(r.status, 200, r.text);
    const version = r.json.version;
    const caseWorker = Number(await one("SELECT id FROM users WHERE role = 'vt_case_worker' ORDER BY id LIMIT 1"));
    r = await api('vt_case_worker', 'PUT', `/api/v1/vt/reports/${f.vv.id}/case`, { version, family_profile: 'astrology', plan_phase: 'later' });
    assert.deepEqual(errorFields(r.json), ['family_profile', 'plan_phase']);
    r = await api('vt_case_worker', 'PUT', `/api/v1/vt/reports/${f.vv.id}/case`, {
      version, contact_user_id: caseWorker, family_profile: 'family_under_stress', plan_phase: 'direct_safety', plan_text: 'Eerst veiligheid: geen geweld meer thuis.',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.contact.user_id, caseWorker);
    assert.ok(r.json.contact.name.length > 0);
    assert.equal(r.json.plan.phase, 'direct_safety');
    // The other worker still holds the old version: 409, nothing overwritten.
    const stale = await api('vt_supervisor', 'PUT', `/api/v1/vt/reports/${f.vv.id}/case`, { version, family_profile: 'complex_divorce' });
    assertProblem(stale, 409);
    assert.equal((await api('vt_triage', 'GET', `/api/v1/vt/reports/${f.vv.id}`)).json.family_profile, 'family_under_stress');
    // The radar shows the report with the contact person.
    const radar = await api('vt_triage', 'GET', `/api/v1/radar/persons/${f.h2.b}?reason=${encodeURIComponent('triage van melding')}&kinds=vt`);
    assert.equal(radar.status, 200, radar.text);
    const entry = radar.json.entries.find((e) => e.kind === 'vt' && e.title.includes(`melding ${f.vv.id}`));
    assert.ok(entry, radar.text);
    assert.match(entry.detail, /vast aanspreekpunt/);
  });

  test('Voorwaarden & Vervolg: conditions with partner and monitoring date; not met escalates', async () => {
    const path = `/api/v1/vt/reports/${f.vv.id}/conditions`;
    let r = await api('vt_case_worker', 'POST', path, { text: 'Geen geweld in bijzijn van de kinderen', partner: 'wijkteam', monitor_date: '2001-01-01' });
    assert.deepEqual(errorFields(r.json), ['monitor_date']);
    const soon = amsterdamDate(14);
    r = await api('vt_case_worker', 'POST', path, { text: 'Geen geweld in bijzijn van de kinderen', partner: 'wijkteam', monitor_date: soon });
    assert.equal(r.status, 201, r.text);
    r = await api('vt_case_worker', 'POST', path, { text: 'Vader volgt agressieregulatietraining', partner: 'GGZ', monitor_date: soon });
    assert.equal(r.json.conditions.length, 2);
    const [a, b] = r.json.conditions;
    assert.equal(a.state, 'open');
    r = await api('vt_case_worker', 'POST', `${path}/${a.id}/check`, { state: 'not_met' });
    assert.deepEqual(errorFields(r.json), ['note']);
    r = await api('vt_case_worker', 'POST', `${path}/${a.id}/check`, { state: 'not_met', note: 'Politie opnieuw ter plaatse' });
    assert.equal(r.status, 200, r.text);
    assertProblem(await api('vt_case_worker', 'POST', `${path}/${a.id}/check`, { state: 'met' }), 409);
    r = await api('vt_case_worker', 'POST', `${path}/${b.id}/check`, { state: 'met' });
    assert.deepEqual(r.json.conditions.map((c) => c.state).sort(), ['met', 'not_met']);
    const n = await inbox('vt_supervisor', new RegExp(`niet nagekomen bij melding ${f.vv.id}`));
    assert.ok(n, 'the supervisor was told');
    assert.ok(await inbox('vt_case_worker', new RegExp(`niet nagekomen bij melding ${f.vv.id}`)), 'the contact person was told');
    // A condition whose monitoring date has come: the contact person is reminded once.
    const today = amsterdamDate();
    r = await api('vt_case_worker', 'POST', path, { text: 'Moeder en kinderen slapen bij oma', partner: 'moeder', monitor_date: today });
    assert.equal(r.status, 201, r.text);
    r = await api('admin', 'POST', '/api/v1/vt/jobs/run', { now_ms: Date.now() + 60_000 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.monitor_reminders, 1, r.text);
    r = await api('admin', 'POST', '/api/v1/vt/jobs/run', { now_ms: Date.now() + 120_000 });
    assert.equal(r.json.monitor_reminders, 0, r.text);
    assert.ok(await inbox('vt_case_worker', /monitordatum van een veiligheidsvoorwaarde/), 'the contact person was reminded');
    // Conditions only in Voorwaarden & Vervolg.
    assertProblem(await api('vt_case_worker', 'POST', `/api/v1/vt/reports/${f.r2.id}/conditions`, { text: 'x', partner: 'y', monitor_date: soon }), 409);
  });

  test('the investigation: findings per violence type, hoor en wederhoor, then feedback to the reporter', async () => {
    const base = `/api/v1/vt/reports/${f.r2.id}`;
    let cur = (await api('vt_case_worker', 'GET', base)).json;
    assert.equal(cur.state, 'investigation');
    let r = await api('vt_case_worker', 'POST', `${base}/investigation/end`, { version: cur.version, outcome: 'vv', reasons: 'klaar' });
    assert.deepEqual(errorFields(r.json), ['findings', 'findings', 'hearings']);
    r = await api('vt_case_worker', 'POST', `${base}/findings`, { code: 'physical_abuse', finding: 'misschien' });
    assert.deepEqual(errorFields(r.json), ['finding']);
    const today = amsterdamDate();
    for (const body of [{ code: 'physical_abuse', finding: 'bevestigd' }, { code: 'witnessing_dv', finding: 'niet_bevestigd' }]) {
      r = await api('vt_case_worker', 'POST', `${base}/findings`, body);
      assert.equal(r.status, 200, r.text);
    }
    for (const body of [{ who: 'moeder', date: today, kind: 'hoor' }, { who: 'vader', date: today, kind: 'wederhoor' }]) {
      r = await api('vt_case_worker', 'POST', `${base}/hearings`, body);
      assert.equal(r.status, 201, r.text);
    }
    assert.equal(r.json.hearings.length, 2);
    assert.deepEqual(r.json.findings.map((x) => x.finding).sort(), ['bevestigd', 'niet_bevestigd']);
    assertProblem(await api('vt_case_worker', 'POST', `${base}/investigation/end`, { version: 1, outcome: 'vv', reasons: 'oud' }), 409);
    r = await api('vt_case_worker', 'POST', `${base}/investigation/end`, { version: r.json.version, outcome: 'vv', reasons: 'Mishandeling bevestigd; voorwaarden met het gezin.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'vv');
    assert.equal(r.json.investigation_late, false);
    assert.ok(r.json.investigation_done_ms > 0);
    const n = await inbox('local_team', /na onderzoek/);
    assert.ok(n, 'feedback after the investigation');
    assert.ok(!n.body.includes('Mishandeling bevestigd'), n.body);
  });

  test('half-year figures per region in the CBS shape: cells under 5 suppressed; CSV', async () => {
    const today = amsterdamDate();
    const year = Number(today.slice(0, 4));
    const half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
    let r = await api('analyst', 'GET', `/api/v1/vt/figures?year=${year}&half=${half}`);
    assert.equal(r.status, 200, r.text);
    const region = r.json.regions.find((x) => x.id === f.vt);
    assert.ok(region, 'the region is in the table');
    const cell = (measure, category) => region.cells.find((c) => c.measure === measure && c.category === category).count;
    const professional = Number(await one(`SELECT count(*) FROM vt_reports WHERE vt_org_id = ${f.vt} AND kind = 'report' AND reporter_type = 'professional'`));
    assert.ok(professional >= 5, `professional reports: ${professional}`);
    assert.equal(cell('reports_by_reporter', 'professional'), String(professional));
    assert.equal(cell('advice_by_reporter', 'bystander'), '<5');  // one advice request
    assert.equal(cell('reports_by_reporter', 'self'), '0');
    for (const c of region.cells) assert.ok(!['1', '2', '3', '4'].includes(c.count), JSON.stringify(c));
    assert.ok(region.cells.some((c) => c.measure === 'reports_by_code' && c.category === 'elder_abuse'));
    r = await api('analyst', 'GET', `/api/v1/vt/figures.csv?year=${year}&half=${half}`);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/csv/);
    assert.match(r.text, /^year,half,region_id,region,measure,category,count\n/);
    assert.ok(r.text.includes(`,reports_by_reporter,professional,${professional}\n`));
    assertProblem(await api('analyst', 'GET', '/api/v1/vt/figures?year=2026&half=3'), 422);
    assertProblem(await api('vt_triage', 'GET', `/api/v1/vt/figures?year=${year}&half=${half}`), 403);
  });
});
