// The meldcode (issue 7, part 2), through the API: a record through the five
// steps and the afwegingskader in order, each answer with its reasons; bad
// input refused per field in Dutch and nothing stored; a later question
// before the earlier ones is refused; "help" makes follow-up agreements whose
// review date reminds the professional (scheduled job, chosen clock); "report"
// sends Veilig Thuis a melding pre-filled from the record, registered by the
// Veilig Thuis intake; an anonymous consultation carries no family data; the kindcheck for an adult client;
// colleagues of the organisation read a record, other organisations never
// (403, logged), Veilig Thuis only what was sent; two workers saving the same
// version: one wins, the other gets 409 — never a silent overwrite.
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, errorFields, startServer } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

process.env.INBEELD_TEST_CLOCK = '1';

describe('the meldcode', () => {
  let srv;
  const f = {};
  const today = amsterdamDate();
  const day = 24 * 3600_000;
  const one = async (sql) => (await srv.sql(sql)).split('\n')[0];
  const api = async (role, method, path, body) => srv.api(method, path, { token: await srv.login(role), body });
  const inbox = async (role, re) => {
    let items = [];
    for (let i = 0; i < 100 && !items.some((x) => re.test(x.subject)); i++) {
      items = (await api(role, 'GET', '/api/v1/inbox')).json.items;
      if (!items.some((x) => re.test(x.subject))) await new Promise((res) => setTimeout(res, 100));
    }
    return items.filter((x) => re.test(x.subject));
  };
  const steps = async (role, id, version) => {
    let r = await api(role, 'POST', `/api/v1/meldcode/${id}/steps`, { version, step: 1, signals: 'Blauwe plekken op beide armen, twee keer in een maand.' });
    assert.equal(r.status, 200, r.text);
    r = await api(role, 'POST', `/api/v1/meldcode/${id}/steps`, { version: r.json.version, step: 2, colleague: 'Intern begeleider', colleague_advice: 'Gesprek met de ouders voorbereiden.' });
    assert.equal(r.status, 200, r.text);
    r = await api(role, 'POST', `/api/v1/meldcode/${id}/steps`, { version: r.json.version, step: 3, talk_parents: 'Moeder erkent spanningen thuis.', talk_child: 'Het kind wil er niet over praten.' });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const answer = async (role, rec, question, ans, reasons = `Redenen bij vraag ${question}.`) =>
    api(role, 'POST', `/api/v1/meldcode/${rec.id}/answers`, { version: rec.version, question, answer: ans, reasons });

  before(async () => {
    srv = await startServer({ children: 300 });
    const school = Number(await one("SELECT org_id FROM users WHERE username = 'school.contact'"));
    const pupils = (await srv.sql(`SELECT p.id FROM persons p JOIN enrolments e ON e.person_id = p.id
      WHERE e.org_id = ${school} AND e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')
      AND p.birth_date > '${Number(today.slice(0, 4)) - 17}-01-01' ORDER BY p.id`)).split('\n').filter(Boolean).map(Number);
    assert.ok(pupils.length >= 3, `pupils: ${pupils.length}`);
    [f.pupil, f.pupil2, f.pupil3] = pupils;
    const gm = await one("SELECT o.municipality_code FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = 'jgz'");
    const adult = (await one(`SELECT p.id || '|' || p.first_name || '|' || p.last_name FROM persons p
      JOIN households h ON h.id = p.household_id WHERE h.municipality_code = '${gm}'
      AND p.birth_date < '${Number(today.slice(0, 4)) - 19}-01-01' AND length(p.last_name) >= 3 ORDER BY p.id LIMIT 1`)).split('|');
    f.adult = { id: Number(adult[0]), first: adult[1], last: adult[2] };
    assert.ok(f.adult.id > 0);
  });

  after(async () => { await srv?.stop(); });

  test('bad input: field errors in Dutch, nothing stored; roles and need-to-know', async () => {
    const before = await srv.count('meldcode_records');
    let r = await api('school_contact', 'POST', '/api/v1/meldcode', { client_kind: 'child' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['person_id']);
    assert.match(r.json.errors[0].message, /over wie gaat het/);
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'ouder' });
    assert.deepEqual(errorFields(r.json), ['client_kind']);
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'adult' });
    assert.deepEqual(errorFields(r.json), ['client_kind']);
    assert.match(r.json.errors[0].message, /minderjarig/);
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { bsn: '123456789', client_kind: 'child' });
    assert.deepEqual(errorFields(r.json), ['bsn']);
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: 999999999, client_kind: 'child' });
    assert.deepEqual(errorFields(r.json), ['person_id']);
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'child', extra: 1 });
    assertProblem(r, 422);
    assertProblem(await api('police', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'child' }), 403);
    assertProblem(await api('vt_triage', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'child' }), 403);
    // A school may start a record only about its own pupils: refused and logged.
    r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.adult.id, client_kind: 'adult' });
    assertProblem(r, 403);
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${f.adult.id}
      AND detail LIKE 'meldcode-dossier starten geweigerd%'`)) >= 1);
    assert.equal(await srv.count('meldcode_records'), before);
  });

  test('a child: the five steps, the afwegingskader in order, help with a review date, the reminder, then a report', async () => {
    let r = await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil, client_kind: 'child' });
    assert.equal(r.status, 201, r.text);
    let rec = r.json;
    f.record = rec.id;
    assert.equal(rec.state, 'open');
    assert.equal(rec.version, 1);
    assert.equal(rec.afwegingskader.next_question, 1);
    // No question before steps 1–3; a step with missing fields changes nothing.
    assertProblem(await answer('school_contact', rec, 1, true), 409);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: 1, step: 1, signals: '' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['signals']);
    assert.equal(r.json.errors[0].message, 'beschrijf de signalen');
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: 1, step: 2, colleague: 'IB', consulted_vt: true });
    assert.deepEqual(errorFields(r.json), ['colleague', 'colleague_advice', 'consultation_notes']);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: 1, step: 3 });
    assert.deepEqual(errorFields(r.json), ['talk_child', 'talk_parents']);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: 1, step: 4 });
    assert.deepEqual(errorFields(r.json), ['step']);
    assert.equal((await api('school_contact', 'GET', `/api/v1/meldcode/${rec.id}`)).json.version, 1, 'nothing changed');
    rec = await steps('school_contact', rec.id, 1);
    assert.equal(rec.version, 4);

    // The questions in order, each with reasons.
    r = await answer('school_contact', rec, 2, false);
    assertProblem(r, 409);
    assert.equal(r.json.detail, 'beantwoord eerst vraag 1');
    r = await answer('school_contact', rec, 1, true, '');
    assert.deepEqual(errorFields(r.json), ['reasons']);
    r = await answer('school_contact', rec, 1, true, 'De signalen blijven na het gesprek bestaan.');
    assert.equal(r.status, 200, r.text);
    rec = r.json;
    assert.equal(rec.afwegingskader.next_question, 2);
    rec = (await answer('school_contact', rec, 2, false, 'Geen acuut gevaar; wel zorgen.')).json;
    rec = (await answer('school_contact', rec, 3, true, 'Wij kunnen het wijkteam inschakelen.')).json;
    assertProblem(await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'help', reasons: 'Te vroeg.' }), 409);
    rec = (await answer('school_contact', rec, 4, true, 'Moeder stemt in met opvoedondersteuning.')).json;
    assert.equal(rec.afwegingskader.outcome, 'help');
    assert.equal(rec.afwegingskader.next_question, 5);
    // Question 5 comes at the review, after the help is recorded; a report does not fit now.
    assertProblem(await answer('school_contact', rec, 5, true), 409);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'report', reasons: 'Toch melden.' });
    assertProblem(r, 409);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'help', reasons: 'Hulp aanvaard.' });
    assert.deepEqual(errorFields(r.json), ['agreements', 'review_date']);
    const review = amsterdamDate(14);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, {
      version: rec.version, action: 'help', reasons: 'De hulp is aanvaard en kan snel starten.',
      agreements: 'Wijkteam start opvoedondersteuning; mentor spreekt het kind wekelijks.', review_date: review,
    });
    assert.equal(r.status, 200, r.text);
    rec = r.json;
    assert.equal(rec.state, 'help');
    assert.equal(rec.agreements.length, 1);
    assert.equal(rec.agreements[0].review_date, review);

    // The review date: the job reminds the professional once (inbox and e-mail through the outbox).
    const admin = await srv.login('admin');
    assertProblem(await api('vt_supervisor', 'POST', '/api/v1/meldcode/jobs/run', {}), 403);
    r = await srv.api('POST', '/api/v1/meldcode/jobs/run', { token: admin, body: { now_ms: Date.now() + 12 * day } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.reminded, 0, 'not before the review date');
    r = await srv.api('POST', '/api/v1/meldcode/jobs/run', { token: admin, body: { now_ms: Date.now() + 14 * day + 3600_000 } });
    assert.equal(r.json.reminded, 1);
    r = await srv.api('POST', '/api/v1/meldcode/jobs/run', { token: admin, body: { now_ms: Date.now() + 15 * day } });
    assert.equal(r.json.reminded, 0, 'reminded once');
    const reminders = await inbox('school_contact', new RegExp(`evaluatie meldcode-dossier ${rec.id}$`));
    assert.equal(reminders.length, 1);
    assert.match(reminders[0].body, /vraag 5/);
    assert.equal(Number(await one(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'meldcode.review%' AND channel = 'email'`)), 1);

    // At the review: no lasting safety → report (again), pre-filled from the record.
    rec = (await api('school_contact', 'GET', `/api/v1/meldcode/${rec.id}`)).json;
    rec = (await answer('school_contact', rec, 5, false, 'Na zes weken opnieuw letsel gezien.')).json;
    assert.equal(rec.afwegingskader.outcome, 'report');
    assert.equal(rec.afwegingskader.decided_by, 5);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'report', reasons: 'De veiligheid is niet hersteld.' });
    assert.deepEqual(errorFields(r.json), ['codes'], 'a report names the form of violence');
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'report', reasons: 'De veiligheid is niet hersteld.', codes: ['astrologie'] });
    assert.deepEqual(errorFields(r.json), ['codes']);
    r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'report', reasons: 'De veiligheid is niet hersteld.', codes: ['physical_abuse'] });
    assert.equal(r.status, 200, r.text);
    rec = r.json;
    assert.equal(rec.state, 'reported');
    assert.equal(rec.vt_requests.length, 1);
    const melding = rec.vt_requests[0].content;
    assert.equal(melding.type, 'melding');
    assert.equal(melding.person.id, f.pupil);
    assert.match(melding.signals, /Blauwe plekken/);
    assert.deepEqual(melding.afwegingskader.map((a) => a.answer), ['ja', 'nee', 'ja', 'ja', 'nee']);
    assert.equal(melding.help.review_date, review);
    assert.deepEqual(melding.codes, ['physical_abuse']);
    // Handed to the Veilig Thuis intake: a report naming the child, with the record's summary.
    assert.equal(rec.vt_requests[0].state, 'forwarded');
    const vtId = rec.vt_requests[0].vt_report_id;
    assert.ok(vtId > 0);
    assert.equal(await one(`SELECT kind || '|' || urgency FROM vt_reports WHERE id = ${vtId}`), 'report|regular');
    assert.match(await one(`SELECT summary FROM vt_reports WHERE id = ${vtId}`), /meldcode \(dossier \d+\)/);
    assert.equal(await one(`SELECT person_id || '|' || role FROM vt_report_persons WHERE report_id = ${vtId}`), `${f.pupil}|child`);
    assert.equal(await one(`SELECT code FROM vt_report_codes WHERE report_id = ${vtId}`), 'physical_abuse');
    // The record is final; the history is traceable: who, when, what and why.
    assertProblem(await answer('school_contact', rec, 5, true), 409);
    rec = (await api('school_contact', 'GET', `/api/v1/meldcode/${rec.id}`)).json;
    const kinds = rec.events.map((e) => e.kind);
    assert.deepEqual(kinds, ['created', 'step', 'step', 'step', 'answer', 'answer', 'answer', 'answer', 'decision', 'reminder', 'answer', 'decision']);
    assert.match(rec.events.at(-1).summary, /melden bij Veilig Thuis.*vraag 5.*De veiligheid is niet hersteld/);
    // Veilig Thuis sees what was sent, not the record.
    const vt = await api('vt_triage', 'GET', '/api/v1/meldcode-vt');
    assert.equal(vt.status, 200, vt.text);
    const sent = vt.json.items.find((x) => x.kind === 'report' && x.content.meldcode_record_id === rec.id);
    assert.equal(sent.state, 'forwarded');
    assert.equal(sent.vt_report_id, vtId);
    assert.equal(sent.person_id, f.pupil);
    assertProblem(await api('vt_triage', 'GET', `/api/v1/meldcode/${rec.id}`), 403);
  });

  test("colleagues read the record; another organisation never (403, logged)", async () => {
    const colleague = await api('school_trusted_person', 'GET', `/api/v1/meldcode/${f.record}`);
    assert.equal(colleague.status, 200, colleague.text);
    assert.ok((await api('school_trusted_person', 'GET', '/api/v1/meldcode')).json.items.some((x) => x.id === f.record));
    const before = Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${f.pupil}`));
    const r = await api('jgz', 'GET', `/api/v1/meldcode/${f.record}`);
    assertProblem(r, 403);
    assert.ok(!r.text.includes('Blauwe plekken'));
    assertProblem(await api('jgz', 'POST', `/api/v1/meldcode/${f.record}/steps`, { version: 1, step: 1, signals: 'Overschrijven?' }), 403);
    const after = Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND person_id = ${f.pupil}`));
    assert.equal(after, before + 2, 'both refusals are in the access log');
    assert.ok(!(await api('jgz', 'GET', '/api/v1/meldcode')).json.items.some((x) => x.id === f.record));
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read' AND person_id = ${f.pupil}
      AND detail = 'meldcode-dossier ${f.record} gelezen'`)) >= 1);
  });

  test('two workers save the same record at once: one wins, the other gets 409', async () => {
    let rec = (await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil2, client_kind: 'child' })).json;
    const read = rec.version;
    const body = (who) => ({ version: read, step: 1, signals: `Signalen genoteerd door ${who}.` });
    const [a, b] = await Promise.all([
      api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, body('de aandachtsfunctionaris')),
      api('school_trusted_person', 'POST', `/api/v1/meldcode/${rec.id}/steps`, body('de vertrouwenspersoon')),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    const loser = a.status === 409 ? a : b;
    assertProblem(loser, 409);
    // Either found stale on reading, or lost the race on the version update (PostgreSQL): the same message.
    assert.match(loser.json.detail, /intussen gewijzigd door .*niet opgeslagen/);
    rec = (await api('school_contact', 'GET', `/api/v1/meldcode/${rec.id}`)).json;
    assert.equal(rec.version, 2);
    const winner = a.status === 200 ? 'de aandachtsfunctionaris' : 'de vertrouwenspersoon';
    assert.equal(rec.steps['1'].signals, `Signalen genoteerd door ${winner}.`);
    // A stale version later is refused too.
    assertProblem(await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/steps`, body('iemand met een oude versie')), 409);
  });

  test('an adult client: the kindcheck, an anonymous consultation without family data, no suspicion → close', async () => {
    let r = await api('jgz', 'POST', '/api/v1/meldcode', { person_id: f.adult.id, client_kind: 'child' });
    assert.deepEqual(errorFields(r.json), ['client_kind']);
    r = await api('jgz', 'POST', '/api/v1/meldcode', { person_id: f.adult.id, client_kind: 'adult' });
    assert.equal(r.status, 201, r.text);
    let rec = r.json;
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: rec.version, step: 1, signals: 'Cliënt vertelt over ruzies thuis.' });
    assert.deepEqual(errorFields(r.json), ['kindcheck']);
    assert.match(r.json.errors[0].message, /kindcheck/);
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: rec.version, step: 1, signals: 'Cliënt vertelt over ruzies thuis.', kindcheck: 'yes' });
    assert.deepEqual(errorFields(r.json), ['kindcheck_children']);
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/steps`, {
      version: rec.version, step: 1, signals: 'Cliënt vertelt over ruzies thuis.', kindcheck: 'yes', kindcheck_children: 'Twee kinderen van 4 en 7 jaar.',
    });
    assert.equal(r.status, 200, r.text);
    rec = r.json;
    assert.equal(rec.steps['1'].kindcheck, 'yes');

    // The anonymous consultation: a question naming the family is refused; the advice request carries no person.
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/consultation`, { version: rec.version, question: `Wat te doen bij ${f.adult.last} met twee jonge kinderen?` });
    assert.deepEqual(errorFields(r.json), ['question']);
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/consultation`, { version: rec.version, question: 'Cliënt met BSN 123456782, wat nu?' });
    assert.deepEqual(errorFields(r.json), ['question']);
    const question = 'Een ouder vertelt over ruzies waar jonge kinderen bij zijn. Wanneer moet ik melden?';
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/consultation`, { version: rec.version, question });
    assert.equal(r.status, 200, r.text);
    rec = r.json;
    const advice = rec.vt_requests.find((x) => x.kind === 'advice');
    assert.equal(advice.person_id, null);
    assert.equal(advice.content.question, question);
    assert.equal(advice.content.anonymous, true);
    const seen = (await api('vt_triage', 'GET', '/api/v1/meldcode-vt')).json.items.find((x) => x.id === advice.id);
    assert.ok(seen, 'Veilig Thuis sees the advice request');
    assert.equal(seen.person_id, null);
    assert.equal(seen.content.person, undefined);
    for (const secret of [f.adult.last, 'Twee kinderen', 'ruzies thuis']) {
      assert.ok(!JSON.stringify(seen.content).includes(secret), `no family data in the consultation: ${secret}`);
    }
    // Handed to the Veilig Thuis intake as an advice request without persons.
    assert.equal(advice.state, 'forwarded');
    assert.equal(await one(`SELECT kind FROM vt_reports WHERE id = ${advice.vt_report_id}`), 'advice');
    assert.equal(await one(`SELECT count(*) FROM vt_report_persons WHERE report_id = ${advice.vt_report_id}`), '0');
    assert.ok(!(await one(`SELECT summary FROM vt_reports WHERE id = ${advice.vt_report_id}`)).includes(f.adult.last));

    // Steps 2 and 3, then question 1 "no": record and close.
    rec = await (async () => {
      let x = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: rec.version, step: 2, colleague: 'Jeugdarts', colleague_advice: 'Navragen bij het volgende consult.', consulted_vt: true, consultation_notes: 'Veilig Thuis: eerst het gesprek voeren.' });
      assert.equal(x.status, 200, x.text);
      x = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/steps`, { version: x.json.version, step: 3, talk_parents: 'Ruzies zijn voorbij na relatietherapie.', talk_child: 'Niet gesproken: de kinderen zijn te jong.' });
      assert.equal(x.status, 200, x.text);
      return x.json;
    })();
    rec = (await answer('jgz', rec, 1, false, 'Na het gesprek geen vermoeden meer.')).json;
    assert.equal(rec.afwegingskader.outcome, 'close_no_suspicion');
    assertProblem(await answer('jgz', rec, 2, true), 409);
    r = await api('jgz', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'close', reasons: 'Geen vermoeden meer; vastgelegd.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'closed');
    assert.equal(r.json.decision.action, 'close');
  });

  test('acute unsafety: question 2 "yes" → report at once', async () => {
    let rec = (await api('school_contact', 'POST', '/api/v1/meldcode', { person_id: f.pupil3, client_kind: 'child' })).json;
    rec = await steps('school_contact', rec.id, rec.version);
    rec = (await answer('school_contact', rec, 1, true)).json;
    rec = (await answer('school_contact', rec, 2, true, 'Het kind durft niet naar huis.')).json;
    assert.equal(rec.afwegingskader.outcome, 'report');
    assert.match(rec.afwegingskader.explanation, /^vraag 2: acute of structurele onveiligheid/);
    assertProblem(await answer('school_contact', rec, 3, true), 409);
    // Changing question 2 to "no" is allowed and opens question 3 again.
    const changed = (await answer('school_contact', rec, 2, false, 'Bij nader inzien geen acuut gevaar.')).json;
    assert.equal(changed.afwegingskader.next_question, 3);
    rec = (await answer('school_contact', changed, 2, true, 'Toch acuut: het kind is bang.')).json;
    const r = await api('school_contact', 'POST', `/api/v1/meldcode/${rec.id}/decision`, { version: rec.version, action: 'report', reasons: 'Acuut onveilig.', codes: ['physical_abuse', 'witnessing_dv'], acute: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'reported');
    assert.equal(await one(`SELECT urgency FROM vt_reports WHERE id = ${r.json.vt_requests[0].vt_report_id}`), 'acute');
    assert.equal(r.json.vt_requests[0].content.afwegingskader.length, 2);
  });
});
