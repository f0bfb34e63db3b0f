// The child's voice (issue 8): an organisation registers trusted adults, who
// accept the role; an adult hands out a passphrase; the child opens their own
// place with it (a session-only cookie), picks a nickname, chooses an adult,
// sends a message, asks for a talk and says how they feel; the adult reads the
// whole thread (logged), replies, and escalates with the child's own words
// (consent or legal ground recorded); only the chosen adult reads the thread
// (others 403, logged); message bodies are sealed at rest and notices carry no
// content; an adult who left is reported kindly; empty and very long messages
// get a friendly message; wrong codes are rate-limited per address without a
// hint whether a code exists; the quick exit ends the session.
//
// Runs on both backends (INBEELD_TEST_BACKEND).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { BACKEND, Browser, assertProblem, errorFields, hiddenCsrf, startServer } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

describe('the child\'s voice', () => {
  let srv;
  const f = {};
  const one = async (sql) => (await srv.sql(sql)).split('\n')[0];
  const as = async (role, method, path, body) => srv.api(method, path, { token: await srv.login(role), body });

  // Opens the child's place with `code` in a fresh browser; returns it with the csrf of /plek/thuis.
  const openPlace = async (code) => {
    const b = new Browser(srv.baseUrl);
    const r = await b.postForm('/plek', { code });
    assert.equal(r.status, 303, `POST /plek: ${r.status} ${r.text.slice(0, 300)}`);
    assert.equal(r.headers.get('location'), '/plek/thuis');
    const home = await b.get('/plek/thuis');
    assert.equal(home.status, 200);
    b.csrf = hiddenCsrf(home.text);
    assert.ok(b.csrf, 'the child\'s page carries its csrf token');
    return b;
  };

  before(async () => {
    srv = await startServer({ children: 200 });
    f.tp = Number(await one("SELECT id FROM users WHERE username = 'school.vertrouwenspersoon'"));
    f.contact = Number(await one("SELECT id FROM users WHERE username = 'school.contact'"));
    f.school = Number(await one("SELECT org_id FROM users WHERE username = 'school.contact'"));
    const today = amsterdamDate();
    f.pupil = Number(await one(`SELECT person_id FROM enrolments WHERE org_id = ${f.school} AND from_date <= '${today}'
      AND (to_date IS NULL OR to_date >= '${today}') ORDER BY person_id LIMIT 1`));
    // A pupil of another school: a child the school's people may not see.
    f.notPupil = Number(await one(`SELECT person_id FROM enrolments WHERE org_id <> ${f.school} AND from_date <= '${today}'
      AND (to_date IS NULL OR to_date >= '${today}')
      AND person_id NOT IN (SELECT person_id FROM enrolments WHERE org_id = ${f.school}) ORDER BY person_id LIMIT 1`));
    assert.ok(f.pupil > 0 && f.notPupil > 0);
  });

  after(async () => { await srv?.stop(); });

  test('trusted adults are registered by their organisation and accept the role', async () => {
    let r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: f.tp, kind: 'wizard', display_name: ' ' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['display_name', 'kind']);
    r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: f.tp, kind: 'trusted_person', display_name: 'juf Sanne' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.available, false);
    f.sanne = r.json.id;
    r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: f.tp, kind: 'trusted_person', display_name: 'juf Sanne' });
    assertProblem(r, 409);
    // A police officer is not someone a child chooses here.
    const police = Number(await one("SELECT id FROM users WHERE role = 'police'"));
    r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: police, kind: 'trusted_person', display_name: 'agent' });
    assertProblem(r, 403);
    // The adult is told, and accepts.
    // The adult is told (the outbox delivers to the in-app inbox shortly after).
    let told = false;
    for (let i = 0; i < 50 && !told; i++) {
      const inbox = await as('school_trusted_person', 'GET', '/api/v1/inbox');
      told = inbox.json.items.some((m) => /vertrouwd volwassene/.test(m.subject));
      if (!told) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(told, 'the adult is told');
    r = await as('school_trusted_person', 'POST', '/api/v1/voice/me/accept');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.available, true);
    // The school contact registers themself as the Handle with Care contact.
    r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: f.contact, kind: 'hwc_contact', display_name: 'meester Ahmed' });
    assert.equal(r.status, 201, r.text);
    f.ahmed = r.json.id;
    assert.equal((await as('school_contact', 'POST', '/api/v1/voice/me/accept')).status, 200);
    r = await as('school_contact', 'GET', '/api/v1/voice/adults');
    assert.deepEqual(r.json.items.map((a) => a.display_name).sort(), ['juf Sanne', 'meester Ahmed']);
  });

  test('a code is shown once and stored only as a keyed hash; the child\'s session is separate and session-only', async () => {
    let r = await as('school_trusted_person', 'POST', '/api/v1/voice/codes', { kind: 'passphrase' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.code, /^[a-z]+-[a-z]+-[a-z]+-\d\d$/);
    f.code = r.json.code;
    f.child = r.json.child_id;
    const hash = await one(`SELECT code_hash FROM voice_children WHERE id = ${f.child}`);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(Number(await one(`SELECT count(*) FROM voice_children WHERE code_hash LIKE '%${f.code.split('-')[0]}%'`)), 0);
    r = await as('school_trusted_person', 'POST', '/api/v1/voice/codes', { kind: 'code' });
    assert.match(r.json.code, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    assertProblem(await as('school_trusted_person', 'POST', '/api/v1/voice/codes', { kind: 'code', hwc_notice_id: 999999999 }), 422);

    const b = new Browser(srv.baseUrl);
    const entry = await b.get('/plek');
    assert.equal(entry.status, 200);
    assert.match(entry.headers.get('cache-control'), /no-store/);
    assert.match(entry.text, /<title>Mijn plek<\/title>/);
    assert.doesNotMatch(entry.text, /ib-header/, 'no staff header on the child\'s pages');
    assert.match(entry.text, /href="https:\/\/www\.buienradar\.nl\/"[^>]*data-quick-exit/, 'the quick exit works without JavaScript');
    assert.match(entry.text, /<script src="\/static\/voice\.js" defer><\/script>/);
    // Capitals and spaces work too.
    r = await b.postForm('/plek', { code: '  ' + f.code.toUpperCase().replaceAll('-', ' ') });
    assert.equal(r.status, 303, r.text);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('inbeeld_plek='));
    assert.ok(cookie, 'the child\'s own cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Max-Age|Expires/i, 'session-only');
    assert.ok(!b.cookies.get('inbeeld_session'));
    // The child's cookie is no staff session.
    const staff = await b.get('/api/v1/voice/threads');
    assert.equal(staff.status, 401);
  });

  test('nickname, choosing an adult, a message, a talk request and a mood; friendly messages for bad input', async () => {
    const b = await openPlace(f.code);
    let home = await b.get('/plek/thuis');
    assert.match(home.text, /Hoe wil je heten\?/);
    assert.match(home.text, /juf Sanne/);
    assert.match(home.text, /meester Ahmed/);
    // Nothing can be sent before choosing.
    let r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: 'hallo' });
    assert.equal(r.status, 409);
    assert.match(r.text, /Kies eerst wie je bericht mag lezen/);
    r = await b.postForm('/plek/naam', { csrf: b.csrf, bijnaam: 'Sterretje' });
    assert.equal(r.status, 303);
    r = await b.postForm('/plek/kiezen', { csrf: b.csrf, volwassene: String(f.sanne) });
    assert.equal(r.status, 303, r.text);
    // Without the csrf token nothing happens.
    r = await b.postForm('/plek/bericht', { soort: 'message', tekst: 'zonder token' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/plek');
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: '   ' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Je bericht is nog leeg/);
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: 'x'.repeat(2001) });
    assert.equal(r.status, 422);
    assert.match(r.text, /Je bericht is te lang/);
    assert.match(r.text, /x{2001}<\/textarea>/, 'what the child wrote is kept');
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'talk', wanneer: 'never' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Kies wanneer en waar/);
    assert.equal(await srv.count('voice_messages'), 0, 'bad input stores nothing');

    f.words = 'Thuis wordt veel geschreeuwd en ik durf niet te slapen';
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: f.words });
    assert.equal(r.status, 303, r.text);
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'talk', wanneer: 'tomorrow_break', waar: 'adult_room' });
    assert.equal(r.status, 303, r.text);
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'mood', gevoel: '2' });
    assert.equal(r.status, 303, r.text);
    home = await b.get('/plek/thuis');
    assert.match(home.text, /Hoi Sterretje/);
    assert.match(home.text, new RegExp(f.words));
    assert.match(home.text, /morgen in de pauze, in de kamer van mijn volwassene/);
    assert.match(home.text, /niet zo goed/);

    // Sealed at rest; notices carry no content.
    const sealed = (await srv.sql('SELECT sealed FROM voice_messages')).split('\n').filter(Boolean);
    assert.equal(sealed.length, 3);
    for (const s of sealed) assert.match(s, /^v1\.[A-Za-z0-9+/]+$/);
    assert.equal(Number(await one("SELECT count(*) FROM voice_messages WHERE sealed LIKE '%geschreeuwd%'")), 0);
    assert.equal(Number(await one("SELECT count(*) FROM outbox WHERE body LIKE '%geschreeuwd%' OR subject LIKE '%geschreeuwd%'")), 0);
    assert.ok(Number(await one(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'voice.msg.%' AND recipient = '${f.tp}'`)) >= 3);
  });

  test('the chosen adult reads the whole thread (logged) and replies; anyone else is refused and logged', async () => {
    let r = await as('school_trusted_person', 'GET', '/api/v1/voice/threads');
    assert.equal(r.status, 200);
    const t = r.json.items.find((x) => x.child_id === f.child);
    assert.ok(t, 'the child is in the inbox');
    assert.equal(t.nickname, 'Sterretje');
    assert.equal(t.open, 2, 'the message and the talk request wait for an answer');
    assert.ok(t.oldest_due_ms > Date.now(), 'answer within one working day');
    r = await as('school_trusted_person', 'GET', `/api/v1/voice/threads/${f.child}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.messages.map((m) => m.kind), ['message', 'talk', 'mood']);
    assert.equal(r.json.messages[0].text, f.words);
    assert.deepEqual(r.json.messages[1].talk, { when: 'tomorrow_break', where: 'adult_room' });
    assert.equal(r.json.messages[2].mood, 2);
    f.messageId = r.json.messages[0].id;
    f.talkId = r.json.messages[1].id;
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE object_type = 'voice' AND action = 'read' AND user_id = ${f.tp} AND detail LIKE 'gesprek van kind #${f.child} %'`)) >= 1);

    // The school contact was not chosen: refused, and the refusal is logged.
    r = await as('school_contact', 'GET', `/api/v1/voice/threads/${f.child}`);
    assertProblem(r, 403);
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND user_id = ${f.contact} AND detail = 'gesprek van kind #${f.child}'`)) >= 1);
    assertProblem(await as('school_contact', 'POST', `/api/v1/voice/threads/${f.child}/replies`, { text: 'hoi' }), 403);

    assertProblem(await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/replies`, { text: ' ' }), 422);
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/replies`, { text: 'Fijn dat je het vertelt. Morgen in de pauze, in mijn kamer.' });
    assert.equal(r.status, 201, r.text);
    r = await as('school_trusted_person', 'GET', '/api/v1/voice/threads');
    assert.equal(r.json.items.find((x) => x.child_id === f.child).open, 0);
    const b = await openPlace(f.code);
    const home = await b.get('/plek/thuis');
    assert.match(home.text, /juf Sanne · /);
    assert.match(home.text, /Fijn dat je het vertelt/);
  });

  test('escalation copies only the chosen words, with consent or a legal ground; only its recipients read it', async () => {
    let r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'school_contact', consent: false, concern: 'Zorgen over thuis', message_ids: [] });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['legal_ground', 'message_ids']);
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'school_contact', consent: true, concern: 'Zorgen over thuis', message_ids: [999999999] });
    assertProblem(r, 422);
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'school_contact', consent: true, concern: 'Zorgen over thuis', message_ids: [f.messageId] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.consent, true);
    assert.deepEqual(r.json.words.map((w) => w.text), [f.words]);
    const toSchool = r.json.id;
    // The school contact is told (without the words) and reads them, logged.
    assert.ok(Number(await one(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'voice.escalation.${toSchool}.to.${f.contact}.%'`)) >= 1);
    assert.equal(Number(await one("SELECT count(*) FROM outbox WHERE body LIKE '%geschreeuwd%'")), 0);
    r = await as('school_contact', 'GET', `/api/v1/voice/escalations/${toSchool}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.words.map((w) => w.text), [f.words]);
    assert.equal(r.json.concern, 'Zorgen over thuis');
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read' AND user_id = ${f.contact} AND detail LIKE 'doorzetting #${toSchool} %'`)) >= 1);
    // Veilig Thuis is not a recipient of this one.
    assertProblem(await as('vt_triage', 'GET', `/api/v1/voice/escalations/${toSchool}`), 403);
    // To Veilig Thuis without consent: the legal ground is recorded.
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'vt', consent: false, legal_ground: 'Meldcode stap 5: acute onveiligheid', concern: 'Acuut', message_ids: [f.messageId, f.talkId] });
    assert.equal(r.status, 201, r.text);
    const toVt = r.json.id;
    // Veilig Thuis has it as an advice request in its own queue, with the child's words (no family data).
    assert.ok(r.json.vt_report_id > 0, 'a VT advice request');
    assert.equal(await one(`SELECT kind FROM vt_reports WHERE id = ${r.json.vt_report_id}`), 'advice');
    const question = await srv.sql(`SELECT summary FROM vt_reports WHERE id = ${r.json.vt_report_id}`);
    assert.match(question, /Stem van het kind/);
    assert.match(question, /geschreeuwd/);
    assert.equal(Number(await one(`SELECT count(*) FROM vt_report_persons WHERE report_id = ${r.json.vt_report_id}`)), 0);
    assert.equal(await one(`SELECT legal_ground FROM voice_escalations WHERE id = ${toVt}`), 'Meldcode stap 5: acute onveiligheid');
    assert.equal(Number(await one(`SELECT count(*) FROM voice_escalations WHERE words_sealed LIKE '%geschreeuwd%' OR concern LIKE '%Acuut%'`)), 0);
    r = await as('vt_triage', 'GET', `/api/v1/voice/escalations/${toVt}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.words.length, 2);
    r = await as('vt_triage', 'GET', '/api/v1/voice/escalations');
    assert.deepEqual(r.json.items.map((e) => e.id), [toVt]);
    assert.equal(r.json.items[0].words, undefined, 'the list carries no words');
  });

  test('to the school\'s contact with the child\'s register number: a meldcode record with the child\'s words, linked both ways', async () => {
    const escalations = await srv.count('voice_escalations');
    const records = await srv.count('meldcode_records');
    const esc = (body) => as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'school_contact', consent: true, concern: 'Zorgen over thuis', message_ids: [f.messageId], ...body });
    // A person the adult may not see (not a pupil of the school): refused and logged, nothing recorded.
    let r = await esc({ person_id: f.notPupil });
    assertProblem(r, 403);
    assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'read_denied' AND user_id = ${f.tp} AND person_id = ${f.notPupil}`)) >= 1);
    r = await esc({ person_id: 999999999 });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r.json), ['person_id']);
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'vt', consent: true, concern: 'x', message_ids: [f.messageId], person_id: f.pupil });
    assertProblem(r, 422);
    assert.equal(await srv.count('voice_escalations'), escalations, 'refusals record no escalation');
    assert.equal(await srv.count('meldcode_records'), records, 'refusals record no meldcode record');

    r = await esc({ person_id: f.pupil });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const record = r.json.meldcode_record_id;
    assert.ok(record > 0, 'a meldcode record');
    assert.equal(Number(await one(`SELECT voice_escalation_id FROM meldcode_records WHERE id = ${record}`)), id);
    assert.equal(Number(await one(`SELECT meldcode_record_id FROM voice_escalations WHERE id = ${id}`)), record);
    assert.equal(Number(await one(`SELECT person_id FROM meldcode_records WHERE id = ${record}`)), f.pupil);
    // The school's contact, a colleague of the organisation, reads the record: step 1 carries the words.
    r = await as('school_contact', 'GET', `/api/v1/meldcode/${record}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.voice_escalation_id, id);
    assert.match(r.json.steps['1'].signals, /geschreeuwd/);
    assert.match(r.json.steps['1'].signals, /Zorgen over thuis/);
    // The notice names the record, never the words.
    const body = await one(`SELECT body FROM outbox WHERE idempotency_key LIKE 'voice.escalation.${id}.to.${f.contact}.%' ORDER BY id LIMIT 1`);
    assert.match(body, new RegExp(`meldcode-dossier ${record}`));
    assert.equal(Number(await one("SELECT count(*) FROM outbox WHERE body LIKE '%geschreeuwd%' OR subject LIKE '%geschreeuwd%'")), 0);
    // The pages link to each other.
    const b = await srv.browserLogin('school_contact');
    let page = await b.get(`/kindstem/doorgezet/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/meldcode/${record}"`));
    page = await b.get(`/meldcode/${record}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/kindstem/doorgezet/${id}"`));
  });

  test('the Veilig Thuis notice goes only to the triage of the region the advice request landed in', async () => {
    // A second Veilig Thuis region with its own triage user.
    await srv.sql("INSERT INTO organisations (ext_ref, kind, name, municipality_code) VALUES ('VT-TEST-ELDERS', 'veilig_thuis', 'Veilig Thuis Elders', 'GM9999')");
    const other = Number(await one("SELECT id FROM organisations WHERE ext_ref = 'VT-TEST-ELDERS'"));
    await srv.sql(`INSERT INTO users (username, display_name, email, org_id, role, created_at) VALUES ('vt.elders', 'Triage Elders', '', ${other}, 'vt_triage', 0)`);
    const elders = Number(await one("SELECT id FROM users WHERE username = 'vt.elders'"));
    const r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/escalations`,
      { target: 'vt', consent: true, concern: 'Wil advies', message_ids: [f.messageId] });
    assert.equal(r.status, 201, r.text);
    const region = Number(await one(`SELECT vt_org_id FROM vt_reports WHERE id = ${r.json.vt_report_id}`));
    assert.notEqual(region, other);
    const told = (await srv.sql(`SELECT u.org_id, u.role FROM outbox o JOIN users u ON o.recipient = ${BACKEND === 'postgresql' ? 'u.id::text' : 'CAST(u.id AS TEXT)'}
      WHERE o.idempotency_key LIKE 'voice.escalation.${r.json.id}.to.%' AND o.channel = 'inbox'`)).split('\n').filter(Boolean);
    assert.ok(told.length >= 1, 'the region\'s triage is told');
    for (const row of told) assert.match(row, new RegExp(`^${region}\\|vt_triage$`));
    assert.equal(Number(await one(`SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'voice.escalation.${r.json.id}.to.${elders}.%'`)), 0);
    assert.equal(r.json.recipients, told.length);
    await srv.sql(`DELETE FROM users WHERE id = ${elders}`);
  });

  test('an adult\'s reply that is empty or too long is refused with a message, and nothing is stored', async () => {
    const before = await srv.count('voice_messages');
    let r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/replies`, { text: 'y'.repeat(2001) });
    assertProblem(r, 422);
    assert.match(r.json.errors[0].message, /te lang/);
    r = await as('school_trusted_person', 'POST', `/api/v1/voice/threads/${f.child}/replies`, { text: '\n\t ' });
    assertProblem(r, 422);
    assert.equal(await srv.count('voice_messages'), before);
  });

  test('an adult who left: the child is told kindly and chooses another', async () => {
    let r = await as('school_contact', 'POST', `/api/v1/voice/adults/${f.sanne}/left`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.available, false);
    assertProblem(await as('school_trusted_person', 'GET', `/api/v1/voice/threads/${f.child}`), 403);
    const b = await openPlace(f.code);
    let home = await b.get('/plek/thuis');
    assert.match(home.text, /juf Sanne werkt hier niet meer\. Dat is niet jouw schuld/);
    r = await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: 'Waar is juf Sanne?' });
    assert.equal(r.status, 409);
    r = await b.postForm('/plek/kiezen', { csrf: b.csrf, volwassene: String(f.sanne) });
    assert.equal(r.status, 422, 'one who left cannot be chosen again');
    r = await b.postForm('/plek/kiezen', { csrf: b.csrf, volwassene: String(f.ahmed) });
    assert.equal(r.status, 303);
    // The new adult sees the whole thread: the child need not retell.
    r = await as('school_contact', 'GET', `/api/v1/voice/threads/${f.child}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.messages[0].text, f.words);
  });

  test('wrong codes: rate-limited per address, the same answer whether or not a code exists', async () => {
    await srv.sql('DELETE FROM voice_rate_limits');
    const b = new Browser(srv.baseUrl);
    const wrong = await b.postForm('/plek', { code: 'appel-appel-appel-11' });
    const garbage = await b.postForm('/plek', { code: 'x' });
    assert.equal(wrong.status, 401);
    assert.equal(garbage.status, 401);
    assert.equal(wrong.text, garbage.text, 'no hint whether a code exists');
    assert.match(wrong.text, /Deze code werkt niet/);
    for (let i = 2; i < 10; i++) assert.equal((await b.postForm('/plek', { code: `zzzz-wrong-${i}` })).status, 401);
    const limited = await b.postForm('/plek', { code: 'zzzz-wrong-10' });
    assert.equal(limited.status, 429);
    assert.match(limited.text, /Je hebt het vaak geprobeerd/);
    // Even the right code is refused now, with the same answer.
    const right = await b.postForm('/plek', { code: f.code });
    assert.equal(right.status, 429);
    assert.equal(right.text, limited.text);
    assert.ok(!b.cookies.get('inbeeld_plek'));
    // Stored for every instance, as keyed hashes (no address in the clear).
    assert.equal(Number(await one("SELECT count(*) FROM voice_rate_limits WHERE bucket LIKE '%127.0.0.1%'")), 0);
    assert.ok(Number(await one("SELECT max(failures) FROM voice_rate_limits WHERE bucket LIKE 'a:%'")) >= 10);
    await srv.sql('DELETE FROM voice_rate_limits');
    await openPlace(f.code);
  });

  test('the quick exit ends the session and asks the browser to forget', async () => {
    const b = await openPlace(f.code);
    const token = b.cookies.get('inbeeld_plek');
    const r = await b.send('POST', '/plek/weg?snel=1');
    assert.equal(r.status, 204);
    assert.match(r.headers.get('clear-site-data'), /"cache"/);
    assert.ok(!b.cookies.get('inbeeld_plek'), 'the cookie is removed');
    // The session has ended on the server too: the old cookie opens nothing.
    b.cookies.set('inbeeld_plek', token);
    const home = await b.get('/plek/thuis');
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/plek');
  });
  describe('JIM mentors from the child\'s own network', () => {
    const invite = (role, body) => as(role, 'POST', '/api/v1/voice/jim-invitations', body);
    // The one-time link from the e-mail in the outbox.
    const linkOf = async (id) => {
      const body = await srv.sql(`SELECT body FROM outbox WHERE idempotency_key = 'voice.jim.${id}' AND channel = 'email'`);
      const m = body.match(/\/kindstem\/uitnodiging\/([A-Za-z0-9_-]{43})/);
      assert.ok(m, `the e-mail carries the link: ${body.slice(0, 300)}`);
      return m[1];
    };
    const state = async (id) => one(`SELECT coalesce(accepted_ms, 0) || '/' || coalesce(withdrawn_ms, 0) || '/' || coalesce(adult_id, 0) FROM voice_jim_invitations WHERE id = ${id}`);

    test('the professional invites by name and e-mail; only the token\'s hash is stored; bad input changes nothing', async () => {
      const n = await srv.count('voice_jim_invitations');
      let r = await invite('school_contact', { name: ' ', email: 'geen adres' });
      assertProblem(r, 422);
      assert.deepEqual(errorFields(r.json), ['email', 'name']);
      r = await invite('school_contact', { name: 'oom Karim', email: 'karim@example.nl', child_id: 999999999 });
      assertProblem(r, 422);
      assert.deepEqual(errorFields(r.json), ['child_id']);
      // An existing account's address is refused.
      r = await invite('school_contact', { name: 'x', email: 'school.contact@demo.inbeeld.example' });
      assertProblem(r, 422);
      assert.equal(await srv.count('voice_jim_invitations'), n);

      f.jimEmail = `karim.${Date.now()}@example.nl`;
      r = await invite('school_contact', { name: 'oom Karim', email: f.jimEmail.toUpperCase(), child_id: f.child });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.state, 'open');
      assert.equal(r.json.email, f.jimEmail, 'lower case');
      assert.equal(r.json.expires_ms - r.json.created_ms, 14 * 24 * 3600 * 1000);
      assert.equal(r.json.child.id, f.child);
      f.inv = r.json.id;
      f.token = await linkOf(f.inv);
      assert.equal(await one(`SELECT token_hash FROM voice_jim_invitations WHERE id = ${f.inv}`),
        createHash('sha256').update(f.token).digest('hex'));
      assert.equal(Number(await one(`SELECT count(*) FROM voice_jim_invitations WHERE token_hash LIKE '%${f.token.slice(0, 12)}%'`)), 0);
      assert.equal(await one(`SELECT recipient FROM outbox WHERE idempotency_key = 'voice.jim.${f.inv}'`), f.jimEmail);
      assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'write' AND user_id = ${f.contact} AND detail LIKE 'JIM-mentor uitgenodigd (uitnodiging #${f.inv},%'`)) >= 1);
      r = await as('school_trusted_person', 'GET', '/api/v1/voice/jim-invitations');
      assert.ok(r.json.items.some((i) => i.id === f.inv), 'colleagues of the organisation see it');
      r = await as('jgz', 'GET', '/api/v1/voice/jim-invitations');
      assert.ok(!r.json.items.some((i) => i.id === f.inv), 'another organisation does not');
      assertProblem(await as('jgz', 'POST', `/api/v1/voice/jim-invitations/${f.inv}/withdraw`), 403);
      assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE action = 'write_denied' AND detail = 'JIM-uitnodiging #${f.inv} intrekken'`)) >= 1);
      assert.equal(await state(f.inv), '0/0/0');
    });

    test('the link shows the role on GET (nothing changes); forged, short or mismatched input changes nothing', async () => {
      const users = await srv.count('users');
      const b = new Browser(srv.baseUrl);
      let r = await b.get(`/kindstem/uitnodiging/${f.token}`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('cache-control'), /no-store/);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
      assert.match(r.text, /oom Karim/);
      assert.match(r.text, /moet je het doorzetten/);
      assert.match(r.text, /blijft tussen jou en het kind/);
      r = await b.get(`/kindstem/uitnodiging/${f.token}`);  // a link scanner fetching twice
      assert.equal(r.status, 200);
      const forged = f.token.slice(0, -1) + (f.token.endsWith('A') ? 'B' : 'A');
      r = await b.get(`/kindstem/uitnodiging/${forged}`);
      assert.equal(r.status, 404);
      assert.match(r.text, /Deze link werkt niet/);
      r = await b.postForm(`/kindstem/uitnodiging/${forged}`, { wachtwoord: 'een lang genoeg wachtwoord', wachtwoord2: 'een lang genoeg wachtwoord', plichten: 'ja' });
      assert.equal(r.status, 404);
      r = await b.postForm(`/kindstem/uitnodiging/${f.token}`, { wachtwoord: 'kort', wachtwoord2: 'kort', plichten: 'ja' });
      assert.equal(r.status, 422);
      r = await b.postForm(`/kindstem/uitnodiging/${f.token}`, { wachtwoord: 'een lang genoeg wachtwoord', wachtwoord2: 'een ander wachtwoord!!', plichten: 'ja' });
      assert.equal(r.status, 422);
      assert.match(r.text, /De twee wachtwoorden zijn niet gelijk/);
      r = await b.postForm(`/kindstem/uitnodiging/${f.token}`, { wachtwoord: 'een lang genoeg wachtwoord', wachtwoord2: 'een lang genoeg wachtwoord' });
      assert.equal(r.status, 422);
      assert.match(r.text, /bevestig dat je weet wat de rol betekent/);
      assert.equal(await srv.count('users'), users);
      assert.equal(await state(f.inv), '0/0/0');
    });

    test('accepting creates a restricted account and the accepted adult, chosen by the child; the link works once', async () => {
      f.jimPassword = 'oom karim leest mee 2026';
      const b = new Browser(srv.baseUrl);
      let r = await b.postForm(`/kindstem/uitnodiging/${f.token}`, { wachtwoord: f.jimPassword, wachtwoord2: f.jimPassword, plichten: 'ja' });
      assert.equal(r.status, 200, r.text.slice(0, 500));
      assert.match(r.text, /Gelukt/);
      assert.match(r.text, new RegExp(f.jimEmail.replace(/\./g, '\\.')));
      const user = (await srv.sql(`SELECT id, role, totp_secret, disabled, org_id FROM users WHERE username = '${f.jimEmail}'`)).trim().split('|');
      f.jimUser = Number(user[0]);
      assert.deepEqual(user.slice(1), ['jim_mentor', '', '0', String(f.school)]);
      assert.match(await one(`SELECT password_hash FROM users WHERE id = ${f.jimUser}`), /^\$argon2id\$/);
      const adult = (await srv.sql(`SELECT id, kind, child_id, display_name FROM voice_adults WHERE user_id = ${f.jimUser} AND accepted_ms IS NOT NULL AND left_ms IS NULL`)).trim().split('|');
      f.karim = Number(adult[0]);
      assert.deepEqual(adult.slice(1), ['jim_mentor', String(f.child), 'oom Karim']);
      assert.equal(Number(await one(`SELECT count(*) FROM voice_choices WHERE child_id = ${f.child} AND adult_id = ${f.karim}`)), 1);
      assert.equal(await state(f.inv), `${await one(`SELECT accepted_ms FROM voice_jim_invitations WHERE id = ${f.inv}`)}/0/${f.karim}`);
      // Used: a clear message, nothing changes.
      const users = await srv.count('users');
      r = await b.postForm(`/kindstem/uitnodiging/${f.token}`, { wachtwoord: 'nog een ander wachtwoord', wachtwoord2: 'nog een ander wachtwoord', plichten: 'ja' });
      assert.equal(r.status, 410);
      assert.match(r.text, /al gebruikt/);
      assert.equal(await srv.count('users'), users);
      // The child sees oom Karim chosen; another child of the school does not see him at all.
      const child = await openPlace(f.code);
      assert.match((await child.get('/plek/thuis')).text, /oom Karim/);
      const other = await as('school_contact', 'POST', '/api/v1/voice/codes', { kind: 'code' });
      const otherChild = await openPlace(other.json.code);
      assert.doesNotMatch((await otherChild.get('/plek/thuis')).text, /oom Karim/);
      f.otherChild = other.json.child_id;
    });

    test('the mentor logs in without a second factor and can only use the threads of children who chose them', async () => {
      let r = await srv.api('POST', '/api/v1/sessions', { body: { username: f.jimEmail, password: f.jimPassword } });
      assert.equal(r.status, 201, r.text);
      const token = r.json.token;
      f.jimToken = token;
      const api = (method, path, body) => srv.api(method, path, { token, body });
      r = await api('GET', '/api/v1/voice/threads');
      assert.deepEqual(r.json.items.map((t) => t.child_id), [f.child]);
      r = await api('GET', `/api/v1/voice/threads/${f.child}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.messages[0].text, f.words, 'the whole thread');
      r = await api('POST', `/api/v1/voice/threads/${f.child}/replies`, { text: 'Ik ben er voor je.' });
      assert.equal(r.status, 201, r.text);
      assertProblem(await api('GET', `/api/v1/voice/threads/${f.otherChild}`), 403);
      for (const [m, p] of [['GET', '/api/v1/organisations'], ['GET', '/api/v1/persons?birth_date=2015-01-01'], ['GET', `/api/v1/persons/${f.pupil}`],
        ['GET', '/api/v1/meldcode'], ['GET', '/api/v1/inbox'], ['GET', '/api/v1/signal-categories'], ['GET', '/api/v1/jim-invitations'],
        ['GET', '/api/v1/voice/jim-invitations'], ['GET', '/api/v1/voice/adults']]) {
        const x = await api(m, p);
        assert.ok(x.status === 403 || x.status === 404, `${m} ${p}: ${x.status}`);
      }
      assertProblem(await api('POST', '/api/v1/voice/codes', { kind: 'code' }), 403);
      // Escalating with a person: no need-to-know, refused; without: to the school's contact.
      r = await api('POST', `/api/v1/voice/threads/${f.child}/escalations`, { target: 'school_contact', consent: true, concern: 'Zorg van oom Karim', message_ids: [f.messageId], person_id: f.pupil });
      assertProblem(r, 403);
      r = await api('POST', `/api/v1/voice/threads/${f.child}/escalations`, { target: 'school_contact', consent: true, concern: 'Zorg van oom Karim', message_ids: [f.messageId] });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.meldcode_record_id, null);
      f.jimEscalation = r.json.id;
      // The staff home page sends the mentor to their inbox.
      const b = new Browser(srv.baseUrl);
      const pre = await b.get('/inloggen');
      r = await b.postForm('/inloggen', { csrf: hiddenCsrf(pre.text), next: '/', username: f.jimEmail, password: f.jimPassword });
      assert.equal(r.status, 303, r.text.slice(0, 300));
      r = await b.get('/');
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/kindstem');
      r = await b.get('/kindstem');
      assert.equal(r.status, 200);
      assert.doesNotMatch(r.text, /action="\/kindstem\/codes"/, 'no codes for a mentor');
    });

    test('without a person, the school\'s contact starts the meldcode record from the escalation', async () => {
      const id = f.jimEscalation;
      const start = (role, person) => as(role, 'POST', `/api/v1/voice/escalations/${id}/meldcode`, { person_id: person });
      const records = await srv.count('meldcode_records');
      assertProblem(await start('jim_mentor', f.pupil), 403);
      assertProblem(await start('school_trusted_person', f.pupil), 403);  // not addressed to them
      assertProblem(await start('school_contact', f.notPupil), 403);     // no need-to-know
      let r = await start('school_contact', 999999999);
      assertProblem(r, 422);
      assert.deepEqual(errorFields(r.json), ['person_id']);
      assert.equal(await srv.count('meldcode_records'), records, 'refusals start nothing');
      // The page offers it to the school's contact; a wrong number shows a message there.
      const b = await srv.browserLogin('school_contact');
      let page = await b.get(`/kindstem/doorgezet/${id}`);
      assert.match(page.text, new RegExp(`action="/kindstem/doorgezet/${id}/meldcode"`));
      page = await b.postForm(`/kindstem/doorgezet/${id}/meldcode`, { csrf: b.csrf, persoon: 'abc' });
      assert.equal(page.status, 422);
      assert.match(page.text, /role="alert"><p class="utrecht-paragraph">geef het registernummer van het kind/);
      page = await b.postForm(`/kindstem/doorgezet/${id}/meldcode`, { csrf: b.csrf, persoon: String(f.pupil) });
      assert.equal(page.status, 303, page.text.slice(0, 300));
      const record = Number(page.headers.get('location').match(/^\/meldcode\/(\d+)$/)[1]);
      assert.equal(Number(await one(`SELECT meldcode_record_id FROM voice_escalations WHERE id = ${id}`)), record);
      assert.equal(Number(await one(`SELECT voice_escalation_id FROM meldcode_records WHERE id = ${record}`)), id);
      assert.equal(Number(await one(`SELECT org_id FROM meldcode_records WHERE id = ${record}`)), f.school);
      assert.match(await srv.sql(`SELECT s1_signals FROM meldcode_records WHERE id = ${record}`), /geschreeuwd/);
      assertProblem(await start('school_contact', f.pupil), 409);
    });

    test('expired and withdrawn links: a clear message, nothing changes; withdrawing the mentor is handled as leaving', async () => {
      let r = await invite('school_trusted_person', { name: 'buurvrouw Els', email: `els.${Date.now()}@example.nl` });
      assert.equal(r.status, 201, r.text);
      const els = r.json.id;
      const elsToken = await linkOf(els);
      await srv.sql(`UPDATE voice_jim_invitations SET expires_ms = ${Date.now() - 1000} WHERE id = ${els}`);
      const b = new Browser(srv.baseUrl);
      r = await b.get(`/kindstem/uitnodiging/${elsToken}`);
      assert.equal(r.status, 410);
      assert.match(r.text, /verlopen/);
      const users = await srv.count('users');
      r = await b.postForm(`/kindstem/uitnodiging/${elsToken}`, { wachtwoord: 'een lang genoeg wachtwoord', wachtwoord2: 'een lang genoeg wachtwoord', plichten: 'ja' });
      assert.equal(r.status, 410);
      assert.equal(await srv.count('users'), users);
      assert.equal(await state(els), '0/0/0');
      r = await as('school_trusted_person', 'GET', '/api/v1/voice/jim-invitations');
      assert.equal(r.json.items.find((i) => i.id === els).state, 'expired');

      r = await invite('school_trusted_person', { name: 'trainer Bas', email: `bas.${Date.now()}@example.nl` });
      const bas = r.json.id;
      const basToken = await linkOf(bas);
      r = await as('school_trusted_person', 'POST', `/api/v1/voice/jim-invitations/${bas}/withdraw`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'withdrawn');
      r = await b.get(`/kindstem/uitnodiging/${basToken}`);
      assert.equal(r.status, 410);
      assert.match(r.text, /ingetrokken/);

      // The accepted mentor withdrawn: left, account disabled, sessions ended; the child is told kindly.
      r = await as('school_contact', 'POST', `/api/v1/voice/jim-invitations/${f.inv}/withdraw`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'left');
      assert.ok(Number(await one(`SELECT left_ms FROM voice_adults WHERE id = ${f.karim}`)) > 0);
      assert.equal(await one(`SELECT disabled FROM users WHERE id = ${f.jimUser}`), '1');
      assert.equal((await srv.api('GET', '/api/v1/voice/threads', { token: f.jimToken })).status, 401);
      assert.notEqual((await srv.api('POST', '/api/v1/sessions', { body: { username: f.jimEmail, password: f.jimPassword } })).status, 201);
      const child = await openPlace(f.code);
      assert.match((await child.get('/plek/thuis')).text, /oom Karim werkt hier niet meer\. Dat is niet jouw schuld/);
    });

    test('a mentor who left can be invited again with the same address: the account comes back with a new password', async () => {
      const users = await srv.count('users');
      let r = await invite('school_contact', { name: 'oom Karim', email: f.jimEmail, child_id: f.child });
      assert.equal(r.status, 201, r.text);
      const again = r.json.id;
      const token = await linkOf(again);
      // A second invitation to the same address, open at the same time.
      r = await invite('school_trusted_person', { name: 'Karim', email: f.jimEmail });
      assert.equal(r.status, 201, r.text);
      const twiceToken = await linkOf(r.json.id);
      const b = new Browser(srv.baseUrl);
      const fresh = 'oom karim is weer terug 2027';
      r = await b.postForm(`/kindstem/uitnodiging/${token}`, { wachtwoord: fresh, wachtwoord2: fresh, plichten: 'ja' });
      assert.equal(r.status, 200, r.text.slice(0, 500));
      assert.match(r.text, /Gelukt/);
      assert.equal(await srv.count('users'), users, 'the same account, no second one');
      assert.equal(await one(`SELECT disabled FROM users WHERE id = ${f.jimUser}`), '0');
      // The role starts again (one adult row per account), chosen by this invitation's child.
      const adult = Number(await one(`SELECT id FROM voice_adults WHERE user_id = ${f.jimUser} AND left_ms IS NULL`));
      assert.equal(adult, f.karim);
      assert.equal(await state(again), `${await one(`SELECT accepted_ms FROM voice_jim_invitations WHERE id = ${again}`)}/0/${adult}`);
      assert.equal(await state(f.inv).then((x) => x.split('/')[2]), String(adult));
      assert.equal(Number(await one(`SELECT count(*) FROM voice_choices WHERE adult_id = ${adult}`)), 1);
      assert.equal(Number(await one(`SELECT count(*) FROM voice_choices WHERE child_id = ${f.child} AND adult_id = ${adult}`)), 1);
      r = await as('school_contact', 'GET', '/api/v1/voice/jim-invitations');
      assert.equal(r.json.items.find((i) => i.id === f.inv).state, 'left', 'the first invitation stays ended');
      assert.equal(r.json.items.find((i) => i.id === again).state, 'accepted');
      // The old password no longer opens the account; the new one does.
      assert.notEqual((await srv.api('POST', '/api/v1/sessions', { body: { username: f.jimEmail, password: f.jimPassword } })).status, 201);
      r = await srv.api('POST', '/api/v1/sessions', { body: { username: f.jimEmail, password: fresh } });
      assert.equal(r.status, 201, r.text);
      assert.equal((await srv.api('GET', '/api/v1/voice/threads', { token: r.json.token })).status, 200);
      assert.ok(Number(await one(`SELECT count(*) FROM audit_log WHERE user_id = ${f.jimUser} AND detail LIKE 'JIM-uitnodiging #${again} aangenomen: account opnieuw in gebruik%'`)) >= 1);
      // The second link now meets an account in use: refused with the reason, nothing changes.
      r = await b.postForm(`/kindstem/uitnodiging/${twiceToken}`, { wachtwoord: 'weer een ander wachtwoord', wachtwoord2: 'weer een ander wachtwoord', plichten: 'ja' });
      assert.equal(r.status, 409);
      assert.match(r.text, /role="alert"[\s\S]*met dit e-mailadres bestaat al een account/);
      assert.equal(await srv.count('users'), users);
      assert.equal((await srv.api('POST', '/api/v1/sessions', { body: { username: f.jimEmail, password: fresh } })).status, 201);
      // An address with an account in use is still refused.
      r = await invite('school_contact', { name: 'oom Karim', email: f.jimEmail, child_id: f.child });
      assertProblem(r, 422);
      assert.deepEqual(errorFields(r.json), ['email']);
    });
  });
});
