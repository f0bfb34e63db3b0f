// Crash safety (SQLite's habit: committed data survive a crash): a stream of
// writes, kill -9 at a random moment, restart, and prove that
//   - every write the server acknowledged (2xx) is there exactly once: a person
//     registered through POST /api/v1/persons (found by its unique name) and a
//     test notice through POST /api/v1/notices/test (its outbox items, by key);
//   - a write that was cut off is there completely or not at all (never half:
//     a notice's inbox and e-mail items come together), and never twice;
//   - nothing is half-written: SQLite's PRAGMA integrity_check and
//     foreign_key_check on the killed database; on PostgreSQL the foreign keys
//     hold by construction, so the orphan counts are checked instead;
//   - the access log's hash chain verifies (`inbeeld audit verify`).
// Each round kills the server while the writes stream in, then restarts it with
// `inbeeld serve` on the same database and key directory.
//
// Environment: INBEELD_CRASH_ROUNDS (default 15), INBEELD_CRASH_SEED (the random
// delays; printed, so a failing run can be repeated).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { BACKEND, request, sleep, startServer, uniqueName } from './harness.mjs';

const ROUNDS = Number(process.env.INBEELD_CRASH_ROUNDS || 15);
const WRITERS = 4; // concurrent request loops: persons (3) and notices (1)

// A small seeded generator (mulberry32): the kill moments of a run can be replayed.
const SEED = Number(process.env.INBEELD_CRASH_SEED || (Date.now() % 1_000_000));
let rngState = SEED;
function random() {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

let srv;
let police;
let admin;
let contact;

// Every write sent, by kind: { name | key, acked, status }.
const persons = [];
const notices = [];

// Sends writes to the current instance until it stops answering. Each write is
// recorded before it is sent; `acked` only once a 2xx answer has arrived.
async function writer(round, index, baseUrl, stop) {
  let n = 0;
  while (!stop.done) {
    if (index === 0) {
      const key = `crash-${round}-${n++}-${randomBytes(4).toString('hex')}`;
      const w = { key, round, acked: false, status: 0 };
      notices.push(w);
      try {
        const r = await request(baseUrl, 'POST', '/api/v1/notices/test', {
          token: admin, body: { username: contact }, headers: { 'idempotency-key': key },
        });
        w.status = r.status;
        if (r.status === 202) {
          w.acked = true;
          w.items = r.json.items.map((i) => i.idempotency_key).sort();
        } else {
          assert.fail(`POST /api/v1/notices/test: ${r.status} ${r.text.slice(0, 300)}`);
        }
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        return; // the server is gone
      }
    } else {
      const name = uniqueName(`Crash${round}x`);
      const w = { name, round, acked: false, status: 0 };
      persons.push(w);
      try {
        const r = await request(baseUrl, 'POST', '/api/v1/persons', {
          token: police, body: { first_name: name, last_name: 'Valtest', birth_date: '2017-05-04' },
        });
        w.status = r.status;
        if (r.status === 201) {
          w.acked = true;
          w.id = r.json.id;
        } else {
          assert.fail(`POST /api/v1/persons: ${r.status} ${r.text.slice(0, 300)}`);
        }
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        return;
      }
    }
  }
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

// name -> number of persons with that first name, for the names of one round.
async function personCounts(round) {
  const rows = await srv.sql(
    `SELECT first_name, count(*) FROM persons WHERE first_name LIKE ${sqlString(`Crash${round}x%`)} GROUP BY first_name`);
  const out = new Map();
  for (const line of rows.split('\n').filter(Boolean)) {
    const [name, count] = line.split('|');
    out.set(name, Number(count));
  }
  return out;
}

// idempotency_key -> present, for the outbox items of one round.
async function outboxKeys(round) {
  const rows = await srv.sql(
    `SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE ${sqlString(`test.crash-${round}-%`)}`);
  return new Set(rows.split('\n').filter(Boolean));
}

// Nothing half-written, checked on the database as the kill left it.
async function checkDatabase(what) {
  if (BACKEND === 'sqlite') {
    assert.equal(await srv.sql('PRAGMA integrity_check'), 'ok', `${what}: integrity_check`);
    assert.equal(await srv.sql('PRAGMA foreign_key_check'), '', `${what}: foreign_key_check`);
  }
  // Orphans (the foreign keys make these 0 on PostgreSQL; counted on both).
  const orphans = {
    'persons without their household': 'SELECT count(*) FROM persons p WHERE p.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM households h WHERE h.id = p.household_id)',
    'inbox messages without their outbox item': 'SELECT count(*) FROM inbox_messages m WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = m.outbox_id)',
  };
  for (const [name, q] of Object.entries(orphans)) {
    assert.equal(Number(await srv.sql(q)), 0, `${what}: ${name}`);
  }
  const verify = await srv.cli(['audit', 'verify', '--database', srv.dbUrl]);
  assert.equal(verify.code, 0, `${what}: inbeeld audit verify\n${verify.stdout}${verify.stderr}`);
  assert.match(verify.stdout, /inzagelogboek intact/);
}

describe('crash safety', () => {
  before(async () => {
    srv = await startServer({ children: 100 });
    police = await srv.login('police');
    admin = await srv.login('admin');
    contact = srv.user('school_contact').username;
    console.log(`# crash: ${ROUNDS} rounds, INBEELD_CRASH_SEED=${SEED}, backend ${BACKEND}`);
  });
  after(async () => { await srv?.stop(); });

  test('acknowledged writes survive kill -9 exactly once; nothing is half-written', async () => {
    let killedMidStream = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const baseUrl = srv.baseUrl;
      const stop = { done: false };
      const writers = Array.from({ length: WRITERS }, (_, i) => writer(round, i, baseUrl, stop));
      // Once the first writes of the round are acknowledged, let them stream for
      // a random moment more, then cut the process off.
      const started = Date.now();
      while (!persons.some((w) => w.round === round && w.acked)) {
        assert.ok(Date.now() - started < 20_000, `round ${round}: no write acknowledged within 20 s`);
        await sleep(5);
      }
      await sleep(Math.floor(random() * 400));
      const inFlight = persons.filter((w) => w.round === round && !w.status).length
        + notices.filter((w) => w.round === round && !w.status).length;
      if (inFlight > 0) killedMidStream++;
      await srv.kill9();
      stop.done = true;
      await Promise.all(writers);

      const what = `round ${round} (seed ${SEED})`;
      const mine = persons.filter((w) => w.round === round);
      const keys = notices.filter((w) => w.round === round);

      // The database exactly as the kill left it.
      await checkDatabase(`${what}, after kill -9`);
      const counts = await personCounts(round);
      for (const w of mine) {
        const c = counts.get(w.name) ?? 0;
        if (w.acked) assert.equal(c, 1, `${what}: acknowledged person ${w.name} stored ${c} times`);
        else assert.ok(c <= 1, `${what}: unacknowledged person ${w.name} stored ${c} times`);
      }
      const stored = await outboxKeys(round);
      for (const w of keys) {
        const items = [...stored].filter((k) => k.startsWith(`test.${w.key}.`)).sort();
        if (w.acked) assert.deepEqual(items, w.items, `${what}: acknowledged notice ${w.key}`);
        else {
          assert.ok(items.length === 0 || items.length === (notices.find((x) => x.acked)?.items.length ?? items.length),
            `${what}: notice ${w.key} half-written: ${items.join(', ')}`);
        }
      }

      // Restart on the same database and keys: the API sees the same.
      await srv.restart();
      for (const w of mine.filter((x) => x.acked)) {
        const r = await request(srv.baseUrl, 'GET', `/api/v1/persons/${w.id}`, { token: police });
        assert.equal(r.status, 200, `${what}: GET person ${w.id} (${w.name}) after restart: ${r.status}`);
        assert.equal(r.json.first_name, w.name);
      }
      // A sample through search, as a case worker would find them.
      for (const w of mine.filter((x) => x.acked).slice(0, 2)) {
        const s = await request(srv.baseUrl, 'GET', `/api/v1/persons?q=${w.name}`, { token: police });
        assert.equal(s.status, 200, `${what}: search ${w.name}`);
        assert.deepEqual(s.json.items.map((p) => p.id), [w.id], `${what}: search ${w.name} finds it once`);
      }
      // Sending an acknowledged notice's key again adds nothing.
      const again = keys.find((w) => w.acked);
      if (again) {
        const r = await request(srv.baseUrl, 'POST', '/api/v1/notices/test', {
          token: admin, body: { username: contact }, headers: { 'idempotency-key': again.key },
        });
        assert.equal(r.status, 200, `${what}: the same Idempotency-Key after restart: ${r.status} ${r.text.slice(0, 200)}`);
        assert.equal(r.json.created, false);
        assert.deepEqual(r.json.items.map((i) => i.idempotency_key).sort(), again.items);
      }
    }
    const acked = persons.filter((w) => w.acked).length + notices.filter((w) => w.acked).length;
    const cut = persons.filter((w) => !w.acked).length + notices.filter((w) => !w.acked).length;
    console.log(`# crash: ${acked} writes acknowledged, ${cut} cut off by kill -9; `
      + `${killedMidStream}/${ROUNDS} kills with requests in flight`);
    assert.ok(killedMidStream >= Math.ceil(ROUNDS / 2), 'most kills land while requests are in flight');
  });
});
