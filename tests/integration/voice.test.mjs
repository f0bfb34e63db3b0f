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
import { after, before, describe, test } from 'node:test';

import { Browser, assertProblem, errorFields, hiddenCsrf, startServer } from './harness.mjs';

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
});
