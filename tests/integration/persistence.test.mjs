// What the server acknowledged survives kill -9: persons registered through
// the API, sessions and the access log, after a restart with `inbeeld serve`
// on the same database and key directory. The hash chain still verifies.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, BACKEND, startServer, testBsn, uniqueName } from './harness.mjs';

let srv;

describe('persistence', () => {
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('registered persons, sessions and access-log entries survive kill -9 and a restart', async () => {
    if (BACKEND === 'sqlite') {
      // The demo keeps its key next to the SQLite file.
      assert.ok(existsSync(path.join(srv.dir, 'keys', 'bsn.key')), 'demo wrote <dir>/keys/bsn.key');
    }
    const police = await srv.login('police');
    const vt = await srv.login('vt_case_worker');
    const household = Number((await srv.sql('SELECT id FROM households ORDER BY id LIMIT 1')).trim());
    const bsn = testBsn();
    const body = { bsn, first_name: uniqueName('Blijf'), tussenvoegsel: 'van der', last_name: "D'Hondt-Çelik",
      birth_date: '2016-10-11', sex: 'V', household_id: household };
    const reg = await srv.api('POST', '/api/v1/persons', { token: police, body });
    assert.equal(reg.status, 201, reg.text);
    assert.equal(reg.headers.get('location'), `/api/v1/persons/${reg.json.id}`);
    const id = reg.json.id;
    const seen = await srv.api('GET', `/api/v1/persons/${id}`, { token: vt });
    assert.equal(seen.status, 200);
    // A burst of registrations, all acknowledged before the kill.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => srv.api('POST', '/api/v1/persons', {
      token: police, body: { first_name: uniqueName('Burst'), last_name: `Reeks${i}`, birth_date: '2018-01-01' },
    })));
    for (const r of burst) assert.equal(r.status, 201, r.text);
    const auditBefore = await srv.count('audit_log');

    await srv.kill9();
    await srv.restart();

    // The same bearer token still works: sessions live in the database.
    const again = await srv.api('GET', `/api/v1/persons/${id}`, { token: vt });
    assert.equal(again.status, 200, again.text);
    for (const k of ['first_name', 'tussenvoegsel', 'last_name', 'birth_date', 'sex']) assert.equal(again.json[k], body[k], k);
    assert.equal(again.json.household.id, household);
    assert.equal(again.json.has_bsn, true);
    assert.deepEqual(again.json, { ...seen.json }, 'the same view as before the crash');
    // The BSN pseudonym key came back with --key-dir: lookup finds the person.
    const look = await srv.api('POST', '/api/v1/persons/lookup', { token: vt, body: { bsn } });
    assert.equal(look.status, 200, look.text);
    assert.equal(look.json.id, id);
    for (const r of burst) {
      assert.equal((await srv.api('GET', `/api/v1/persons/${r.json.id}`, { token: vt })).status, 200);
    }
    // The access log kept every entry written before the kill.
    const log = await srv.api('GET', `/api/v1/persons/${id}/access-log`, { token: vt });
    assert.equal(log.status, 200);
    const actions = log.json.items.map((e) => `${e.user}:${e.action}`).reverse();
    assert.deepEqual(actions.slice(0, 3), ['politie:write', 'vt.casemanager:read', 'vt.casemanager:read']);
    assert.ok((await srv.count('audit_log')) >= auditBefore);
    // A duplicate is still a duplicate.
    assertProblem(await srv.api('POST', '/api/v1/persons', { token: police, body: { ...body, first_name: 'Ander' } }), 409, 'duplicate BSN after restart');
    // New logins work against the restarted server.
    const fresh = await srv.session('vt_supervisor', { fresh: true });
    assert.equal((await srv.api('GET', `/api/v1/persons/${id}`, { token: fresh.token })).status, 200);
  });

  test('the access log chain is intact after the crash', async () => {
    await srv.terminate();
    const r = await srv.cli(['audit', 'verify', '--database', srv.dbUrl]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /inzagelogboek intact/);
  });

  test('serve refuses to start without the BSN key', async () => {
    const r = await srv.cli(['serve', '--database', srv.dbUrl, '--key-dir', path.join(srv.dir, 'no-keys'), '--listen', '127.0.0.1:0']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /sleutel/);
  });
});
