// Logging in and out through the API and the HTML forms, the lock-out, the
// second factor, and CSRF on cookie sessions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertProblem, Browser, errorFields, hiddenCsrf, startServer, testBsn, TOTP_ROLES, uniqueName, wrongTotp,
} from './harness.mjs';

let srv;

const newPerson = () => ({ first_name: uniqueName('Csrf'), last_name: 'Proef', birth_date: '2016-05-01', sex: 'V' });

// One server for the file: node 20 runs top-level hooks out of step with
// describe() blocks, so the hooks live in this outer block.
describe('authentication and CSRF', () => {
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

describe('API login', () => {
  test('every demo role logs in; the session works; TOTP exactly for the TOTP roles', async () => {
    assert.deepEqual(srv.roles().sort(), [
      'admin', 'analyst', 'jgz', 'jim_mentor', 'local_team', 'midwife', 'police', 'school_contact',
      'school_trusted_person', 'vt_case_worker', 'vt_supervisor', 'vt_triage',
    ]);
    for (const role of srv.roles()) {
      const u = srv.user(role);
      assert.equal(Boolean(u.totp_secret), TOTP_ROLES.has(role), `${role} has a TOTP secret iff its role needs one`);
      const r = await srv.loginRaw(role);
      assert.equal(r.status, 201, `${role}: ${r.text}`);
      assert.match(r.json.token, /^[A-Za-z0-9_-]{40,}$/);
      assert.match(r.json.csrf_token, /^[A-Za-z0-9_-]{20,}$/);
      assert.equal(r.json.user.username, u.username);
      assert.equal(r.json.user.role, role);
      assert.equal(typeof r.json.user.organisation, 'string');
      // A JIM mentor's account opens only the child's-voice threads (docs/voice.md).
      const probe = role === 'jim_mentor' ? '/api/v1/voice/threads' : '/api/v1/organisations';
      const orgs = await srv.api('GET', probe, { token: r.json.token });
      assert.equal(orgs.status, 200, `${role} uses its session: ${orgs.text}`);
      srv.sessions.set(role, { token: r.json.token, csrf: r.json.csrf_token });
    }
  });

  test('a wrong password is 401 problem+json, the same as an unknown user', async () => {
    const before = await srv.count('sessions');
    const p = assertProblem(await srv.loginRaw('police', { password: 'not-the-password' }), 401, 'wrong password');
    assert.equal(p.detail, 'onjuiste gebruikersnaam of wachtwoord');
    const q = assertProblem(await srv.api('POST', '/api/v1/sessions', {
      body: { username: 'niemand-bekend', password: 'whatever-1234' },
    }), 401, 'unknown user');
    assert.equal(q.detail, p.detail, 'no user enumeration');
    assert.equal(await srv.count('sessions'), before, 'failed logins create no session');
  });

  test('5 failures lock the account: 403 "geblokkeerd", also with the right password', async () => {
    const role = 'analyst';
    for (let i = 1; i <= 4; i++) {
      assertProblem(await srv.loginRaw(role, { password: `wrong-${i}` }), 401, `failure ${i}`);
    }
    const fifth = assertProblem(await srv.loginRaw(role, { password: 'wrong-5' }), 403, 'failure 5');
    assert.match(fifth.detail, /geblokkeerd/);
    const before = await srv.count('sessions');
    const right = assertProblem(await srv.loginRaw(role), 403, 'right password while locked');
    assert.match(right.detail, /geblokkeerd/);
    assert.equal(await srv.count('sessions'), before, 'a locked account gets no session');
    // The HTML form says so too.
    const b = new Browser(srv.baseUrl);
    const form = await b.get('/inloggen');
    const u = srv.user(role);
    const r = await b.postForm('/inloggen', { csrf: hiddenCsrf(form.text), next: '/', username: u.username, password: u.password });
    assert.equal(r.status, 403);
    assert.match(r.text, /geblokkeerd/);
    assert.equal(b.cookies.get('inbeeld_session'), undefined);
  });

  test('a TOTP role without a code: 422 naming totp_code, and no session is left', async () => {
    const before = await srv.count('sessions');
    const p = assertProblem(await srv.loginRaw('vt_triage', { withCode: false }), 422, 'no code');
    assert.deepEqual(errorFields(p), ['totp_code']);
    assert.equal(await srv.count('sessions'), before);
  });

  test('a TOTP role with a wrong code: 422 naming totp_code, and no session is left', async () => {
    const before = await srv.count('sessions');
    const u = srv.user('midwife');
    const p = assertProblem(await srv.loginRaw('midwife', { totp_code: wrongTotp(u.totp_secret) }), 422, 'wrong code');
    assert.deepEqual(errorFields(p), ['totp_code']);
    assert.equal(await srv.count('sessions'), before, 'the half-logged-in session is ended');
    // The right code still works afterwards (one failure does not lock).
    const ok = await srv.loginRaw('midwife');
    assert.equal(ok.status, 201, ok.text);
  });

  // Regression: VerifySecondFactor once ignored the last accepted step (replay).
  test('a TOTP code is accepted once (replay guard)', async () => {
    const u = srv.user('admin');
    const code = await srv.nextTotp(u);
    const first = await srv.loginRaw('admin', { totp_code: code });
    assert.equal(first.status, 201, first.text);
    const replay = await srv.loginRaw('admin', { totp_code: code });
    const p = assertProblem(replay, 422, 'the same code again');
    assert.deepEqual(errorFields(p), ['totp_code']);
  });

  test('logout ends the session: the token is 401 afterwards', async () => {
    for (const role of ['police', 'vt_supervisor']) {
      const { token } = await srv.session(role, { fresh: true });
      assert.equal((await srv.api('GET', '/api/v1/organisations', { token })).status, 200);
      const out = await srv.api('DELETE', '/api/v1/sessions/current', { token });
      assert.equal(out.status, 204, out.text);
      assert.equal(out.text, '');
      assertProblem(await srv.api('GET', '/api/v1/organisations', { token }), 401, `${role} token after logout`);
      assertProblem(await srv.api('DELETE', '/api/v1/sessions/current', { token }), 401, 'second logout');
    }
  });

  test('no token, a made-up token, a malformed Authorization header: 401', async () => {
    assertProblem(await srv.api('GET', '/api/v1/organisations'), 401, 'no token');
    assertProblem(await srv.api('GET', '/api/v1/organisations', { token: 'A'.repeat(43) }), 401, 'made-up token');
    assertProblem(await srv.api('GET', '/api/v1/organisations', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'basic auth');
    assertProblem(await srv.api('GET', '/api/v1/organisations', { token: 'x'.repeat(5000) }), 401, 'huge token');
  });
});

describe('HTML login and cookie sessions', () => {
  test('the form login sets an HttpOnly, SameSite=Strict session cookie; TOTP in a second step', async () => {
    const u = srv.user('vt_case_worker');
    const b = new Browser(srv.baseUrl);
    const form = await b.get('/inloggen');
    const pre = hiddenCsrf(form.text);
    // Without the pre-login CSRF value: 403, no session.
    const forged = await b.postForm('/inloggen', { csrf: 'x'.repeat(43), next: '/', username: u.username, password: u.password });
    assert.equal(forged.status, 403);
    assert.equal(b.cookies.get('inbeeld_session'), undefined);
    const r = await new Browser(srv.baseUrl).postForm('/inloggen', { csrf: pre, next: '/', username: u.username, password: u.password });
    assert.equal(r.status, 403, 'the csrf field without the inbeeld_pre cookie is refused');

    const step1 = await b.postForm('/inloggen', { csrf: pre, next: '/', username: u.username, password: u.password });
    assert.equal(step1.status, 303);
    assert.match(step1.headers.get('location'), /^\/inloggen\/code/);
    const setCookie = step1.headers.getSetCookie().find((c) => c.startsWith('inbeeld_session='));
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    // Half logged in: pages send you to the code form, the API says 401.
    const page = await b.get('/personen');
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/inloggen/code');
    assertProblem(await b.api('GET', '/api/v1/organisations'), 401, 'API before the second factor');
    const halfToken = b.cookies.get('inbeeld_session');
    const step2 = await b.postForm('/inloggen/code', { csrf: pre, next: '/personen', code: await srv.nextTotp(u) });
    assert.equal(step2.status, 303);
    assert.equal(step2.headers.get('location'), '/personen');
    assert.notEqual(b.cookies.get('inbeeld_session'), halfToken, 'a new session id after the second factor');
    assert.equal((await b.get('/personen')).status, 200);
    // The old (pre-TOTP) session id is gone.
    assertProblem(await srv.api('GET', '/api/v1/organisations', { token: halfToken }), 401, 'old session id');
  });

  test('an open redirect in next is not followed', async () => {
    const u = srv.user('school_contact');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const b = new Browser(srv.baseUrl);
      const form = await b.get('/inloggen');
      const r = await b.postForm('/inloggen', { csrf: hiddenCsrf(form.text), next, username: u.username, password: u.password });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/', `next=${next}`);
    }
  });
});

describe('CSRF with a cookie session', () => {
  test('API POST without X-CSRF-Token → 403, forged → 403, right one → 201; nothing changes on 403', async () => {
    const b = await srv.browserLogin('police');
    const before = await srv.count('persons');
    const none = assertProblem(await b.api('POST', '/api/v1/persons', { body: newPerson() }), 403, 'no CSRF header');
    assert.match(none.detail, /CSRF/);
    assertProblem(await b.api('POST', '/api/v1/persons', { body: newPerson(), headers: { 'x-csrf-token': 'A'.repeat(43) } }), 403, 'forged');
    assertProblem(await b.api('POST', '/api/v1/persons', { body: newPerson(), headers: { 'x-csrf-token': '' } }), 403, 'empty');
    // Another session's token is not this session's token.
    const other = await srv.session('vt_triage');
    assertProblem(await b.api('POST', '/api/v1/persons', { body: newPerson(), headers: { 'x-csrf-token': other.csrf } }), 403, 'other session');
    // The token in the form field does not count for the API.
    assertProblem(await b.api('POST', '/api/v1/persons/lookup', { body: { bsn: testBsn() } }), 403, 'lookup without CSRF');
    assert.equal(await srv.count('persons'), before, 'no person was registered');

    const ok = await b.api('POST', '/api/v1/persons', { body: newPerson(), headers: { 'x-csrf-token': b.csrf } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(await srv.count('persons'), before + 1);
    const look = await b.api('POST', '/api/v1/persons/lookup', { body: { bsn: testBsn() }, headers: { 'x-csrf-token': b.csrf } });
    assertProblem(look, 404, 'lookup of an unknown BSN with CSRF');
  });

  test('a bearer session needs no CSRF token (no ambient credential)', async () => {
    const token = await srv.login('police');
    const r = await srv.api('POST', '/api/v1/persons', { token, body: newPerson() });
    assert.equal(r.status, 201, r.text);
  });

  test('API logout with a cookie session needs the CSRF header', async () => {
    const b = await srv.browserLogin('school_contact');
    assertProblem(await b.api('DELETE', '/api/v1/sessions/current'), 403, 'DELETE without CSRF');
    assert.equal((await b.api('GET', '/api/v1/organisations')).status, 200, 'still logged in');
    const r = await b.api('DELETE', '/api/v1/sessions/current', { headers: { 'x-csrf-token': b.csrf } });
    assert.equal(r.status, 204);
    assertProblem(await b.api('GET', '/api/v1/organisations'), 401, 'after logout');
  });

  test('the HTML logout form without csrf → 403 and the session still works; with it → logged out', async () => {
    const b = await srv.browserLogin('jgz');
    const no = await b.postForm('/uitloggen', {});
    assert.equal(no.status, 403);
    assert.match(no.contentType, /^text\/html/);
    const forged = await b.postForm('/uitloggen', { csrf: 'A'.repeat(43) });
    assert.equal(forged.status, 403);
    assert.equal((await b.get('/')).status, 200, 'page after refused logout');
    assert.equal((await b.api('GET', '/api/v1/organisations')).status, 200, 'API after refused logout');

    const old = b.cookies.get('inbeeld_session');
    const yes = await b.postForm('/uitloggen', { csrf: b.csrf });
    assert.equal(yes.status, 303);
    assert.equal(yes.headers.get('location'), '/inloggen');
    assert.equal(b.cookies.get('inbeeld_session'), undefined, 'the cookie is cleared');
    // The server ended it too: replaying the old cookie does not work.
    b.cookies.set('inbeeld_session', old);
    const home = await b.get('/');
    assert.equal(home.status, 303);
    assert.match(home.headers.get('location'), /^\/inloggen/);
  });

  test('a page POST (break-the-glass reason form) without csrf → 403, nothing logged', async () => {
    const b = await srv.browserLogin('local_team');
    const before = await srv.count('audit_log');
    const r = await b.postForm('/personen/1', { reden: 'controle van de gegevens' });
    assert.equal(r.status, 403);
    assert.equal(await srv.count('audit_log'), before, 'no access-log entry: the read never happened');
  });
});
});
