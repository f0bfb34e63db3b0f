// Crash safety (SQLite's habit: committed data survive a crash): a stream of
// writes, kill -9 at a random moment, restart, and prove that
//   - every write the server acknowledged (2xx) is there exactly once: a person
//     registered through POST /api/v1/persons (found by its unique name), a
//     test notice through POST /api/v1/notices/test (its outbox items, by key),
//     and signals through POST /api/v1/signals — each child gets a school
//     signal, a JGZ signal (a match, and match notices in the outbox) and the
//     school's update (an accumulation review): every acknowledged one has its
//     signal, exactly one event (by signal and date), its matches and their
//     notices, its reviews and its access-log entry;
//   - a registration's rows come together: no signal without its event, no
//     match without its two signals or without the notices to both sides, no
//     match notice without its match;
//   - a write that was cut off is there completely or not at all (never half:
//     a notice's inbox and e-mail items come together), and never twice;
//   - nothing is half-written: SQLite's PRAGMA integrity_check and
//     foreign_key_check on the killed database; on PostgreSQL the foreign keys
//     hold by construction, so the orphan counts are checked instead;
//   - the access log's hash chain verifies (`inbeeld audit verify`).
// Each round kills the server while the writes stream in, then restarts it with
// `inbeeld serve` on the same database and key directory.
//
// The register import as well: `inbeeld import` (batches of IMPORT_BATCH rows)
// on a fresh database, killed with kill -9 while it writes, IMPORT_ROUNDS times;
// after each kill every table holds whole batches — a prefix of its file in
// whole batches, or all of it — and the files after the one in progress
// nothing; the import run to the end then reports the committed rows as
// unchanged and inserts exactly the rest, and a repeat changes nothing.
//
// Environment: INBEELD_CRASH_ROUNDS (default 15), INBEELD_CRASH_SEED (the random
// delays; printed, so a failing run can be repeated).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BACKEND, binary, freshDatabase, request, sleep, sqlOn, startServer, uniqueName,
} from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

const ROUNDS = Number(process.env.INBEELD_CRASH_ROUNDS || 15);
const IMPORT_ROUNDS = 4;
const IMPORT_BATCH = 200;
const WRITERS = 5; // concurrent request loops: notices (0), signals (1), persons (2-4)

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
let schoolToken;
let jgzToken;

// Every write sent, by kind: { name | key, acked, status }.
const persons = [];
const notices = [];
// Signal registrations: { round, child, step, role, date, acked, status, json }.
const signals = [];
// Children the signal writer has not used yet (person ids, without signals).
let freeChildren = [];

// The three registrations for one child, each with its own signal date so that
// its event can be told apart: the school (a new signal), JGZ (a new signal and
// a match with the school's), the school again (an update: a second event, and
// "3 signals from 2 organisations" fires the accumulation rule).
const SIGNAL_STEPS = [
  { role: 'school', daysBack: 2, category: 'safety_at_home', level: 2 },
  { role: 'jgz', daysBack: 2, category: 'neglect', level: 1 },
  { role: 'school', daysBack: 1, category: 'school_absence', level: 3 },
];

async function signalWriter(round, baseUrl, stop) {
  while (!stop.done) {
    const child = freeChildren.shift();
    if (child === undefined) return; // the pool is used up: persons and notices go on
    for (let step = 0; step < SIGNAL_STEPS.length && !stop.done; step++) {
      const st = SIGNAL_STEPS[step];
      const w = { round, child, step, role: st.role, date: amsterdamDate(-st.daysBack), acked: false, status: 0 };
      signals.push(w);
      try {
        const r = await request(baseUrl, 'POST', '/api/v1/signals', {
          token: st.role === 'school' ? schoolToken : jgzToken,
          body: {
            child: { person_id: child }, category: st.category, level: st.level, signal_date: w.date,
            note: `crash ${round} ${child} ${step}`, contact: { phone: '010-5550000' },
          },
        });
        w.status = r.status;
        const expected = step === 2 ? 200 : 201;
        if (r.status !== expected) assert.fail(`POST /api/v1/signals step ${step}: ${r.status} ${r.text.slice(0, 300)}`);
        w.acked = true;
        w.json = r.json;
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        return;
      }
    }
  }
}

// Sends writes to the current instance until it stops answering. Each write is
// recorded before it is sent; `acked` only once a 2xx answer has arrived.
async function writer(round, index, baseUrl, stop) {
  if (index === 1) return signalWriter(round, baseUrl, stop);
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
const rowsOf = (text) => text.split('\n').filter(Boolean).map((l) => l.split('|'));

// The signal registrations of one round, checked on the database as the kill
// left it: every acknowledged one is there exactly once with everything its
// transaction wrote; a cut-off one is there completely or not at all.
async function checkSignals(round, what) {
  const mine = signals.filter((w) => w.round === round);
  if (mine.length === 0) return 0;
  const children = [...new Set(mine.map((w) => w.child))];
  const inList = `(${children.join(',')})`;
  const ofChildren = `(SELECT id FROM signals WHERE person_id IN ${inList})`;
  // One query (one sqlite3/psql process) for everything the round wrote, by tag.
  const rows = rowsOf(await srv.sql(`
    SELECT 's', CAST(id AS TEXT), CAST(person_id AS TEXT), '', '' FROM signals WHERE person_id IN ${inList}
    UNION ALL SELECT 'e', CAST(signal_id AS TEXT), kind, signal_date, CAST(count(*) AS TEXT) FROM signal_events
      WHERE signal_id IN ${ofChildren} GROUP BY signal_id, kind, signal_date
    UNION ALL SELECT 'm', CAST(id AS TEXT), CAST(signal_a AS TEXT), CAST(signal_b AS TEXT), '' FROM signal_matches
      WHERE signal_a IN ${ofChildren} OR signal_b IN ${ofChildren}
    UNION ALL SELECT 'o', idempotency_key, '', '', '' FROM outbox WHERE idempotency_key LIKE 'signal.m%'
    UNION ALL SELECT 'r', CAST(id AS TEXT), '', '', '' FROM signal_reviews WHERE person_id IN ${inList}
    UNION ALL SELECT 'a', detail, '', '', '' FROM audit_log
      WHERE action = 'write' AND person_id IN ${inList} AND detail LIKE 'signaal %'`));
  const tagged = (tag) => rows.filter((r) => r[0] === tag).map((r) => r.slice(1));
  const sigRows = tagged('s');
  const events = new Map(tagged('e').map(([sid, kind, date, n]) => [`${sid}|${kind}|${date}`, Number(n)]));
  const matches = new Map(tagged('m').map(([id, a, b]) => [Number(id), [Number(a), Number(b)]]));
  const outbox = new Set(tagged('o').map(([k]) => k));
  const reviews = new Set(tagged('r').map(([id]) => Number(id)));
  const audited = new Set(tagged('a').map(([d]) => d));

  for (const w of mine) {
    const label = `${what}: signal step ${w.step} (${w.role}) for child ${w.child}`;
    const kind = w.step === 2 ? 'updated' : 'registered';
    if (!w.acked) {
      // Cut off: never twice. (Whether it is there at all is the orphan check's.)
      for (const [key, n] of events) {
        if (key.endsWith(`|${kind}|${w.date}`)) assert.ok(n <= 1, `${label}: event ${key} stored ${n} times`);
      }
      continue;
    }
    const sig = w.json.signal;
    assert.equal(sig.child.id, w.child, `${label}: the answer names the child`);
    assert.ok(sigRows.some(([id, person]) => Number(id) === sig.id && Number(person) === w.child),
      `${label}: signal ${sig.id} is stored`);
    assert.equal(events.get(`${sig.id}|${kind}|${w.date}`), 1, `${label}: exactly one '${kind}' event`);
    assert.ok(audited.has(`signaal ${sig.id} ${w.step === 2 ? 'bijgewerkt' : 'geregistreerd'}`),
      `${label}: the write is in the access log`);
    if (w.step === 1) assert.ok(w.json.new_matches.length >= 1, `${label}: JGZ after the school is a match`);
    for (const m of w.json.new_matches) {
      const pair = matches.get(m);
      assert.ok(pair && pair.includes(sig.id), `${label}: match ${m} is stored with signal ${sig.id}`);
      for (const side of pair) {
        assert.ok(outbox.has(`signal.m${m}.s${side}.inbox`), `${label}: match ${m} notice to signal ${side}'s author`);
      }
    }
    for (const rv of w.json.reviews) assert.ok(reviews.has(rv), `${label}: review ${rv} is stored`);
  }
  // Nothing half-written, whether acknowledged or cut off.
  for (const [id] of sigRows) {
    const n = [...events.keys()].filter((k) => k.startsWith(`${id}|`)).length;
    assert.ok(n >= 1, `${what}: signal ${id} without its event`);
  }
  for (const [m, [a, b]] of matches) {
    assert.ok(a < b, `${what}: match ${m} (${a}, ${b})`);
    for (const side of [a, b]) {
      assert.ok(outbox.has(`signal.m${m}.s${side}.inbox`), `${what}: match ${m} without its notice to signal ${side}`);
    }
  }
  return mine.filter((w) => w.acked).length;
}

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
  // Orphans (the foreign keys make most of these 0 on PostgreSQL; counted on
  // both), in one query.
  const orphans = {
    'persons without their household': 'SELECT count(*) FROM persons p WHERE p.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM households h WHERE h.id = p.household_id)',
    'inbox messages without their outbox item': 'SELECT count(*) FROM inbox_messages m WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = m.outbox_id)',
    'signals without an event': 'SELECT count(*) FROM signals s WHERE NOT EXISTS (SELECT 1 FROM signal_events e WHERE e.signal_id = s.id)',
    'matches without both signals': 'SELECT count(*) FROM signal_matches m WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.id = m.signal_a) OR NOT EXISTS (SELECT 1 FROM signals s WHERE s.id = m.signal_b)',
    'match notices without their match': `SELECT count(*) FROM outbox o WHERE o.idempotency_key LIKE 'signal.m%' AND NOT EXISTS (SELECT 1 FROM signal_matches m WHERE o.idempotency_key LIKE 'signal.m' || m.id || '.s%')`,
  };
  const counts = (await srv.sql(`SELECT ${Object.values(orphans).map((q) => `(${q})`).join(', ')}`)).split('|');
  Object.keys(orphans).forEach((name, i) => assert.equal(Number(counts[i]), 0, `${what}: ${name}`));
  const verify = await srv.cli(['audit', 'verify', '--database', srv.dbUrl]);
  assert.equal(verify.code, 0, `${what}: inbeeld audit verify\n${verify.stdout}${verify.stderr}`);
  assert.match(verify.stdout, /inzagelogboek intact/);
}

describe('crash safety', () => {
  before(async () => {
    srv = await startServer({ children: 300 });
    police = await srv.login('police');
    admin = await srv.login('admin');
    contact = srv.user('school_contact').username;
    schoolToken = await srv.login('school_contact');
    jgzToken = await srv.login('jgz');
    // Children aged 4 to 16 without signals yet (the school's and JGZ's
    // signals on them are the stream's).
    const year = Number(amsterdamDate().slice(0, 4));
    freeChildren = rowsOf(await srv.sql(
      `SELECT p.id FROM persons p WHERE p.relation = 'child' AND p.birth_date BETWEEN '${year - 16}-01-01' AND '${year - 4}-12-31'
       AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.person_id = p.id) ORDER BY p.id`)).map(([id]) => Number(id));
    assert.ok(freeChildren.length >= 60, `children for the signal stream: ${freeChildren.length}`);
    console.log(`# crash: ${ROUNDS} rounds, INBEELD_CRASH_SEED=${SEED}, backend ${BACKEND}`);
  });
  after(async () => { await srv?.stop(); });

  test('acknowledged writes survive kill -9 exactly once; nothing is half-written', async () => {
    let killedMidStream = 0;
    let signalsAcked = 0;
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
        + notices.filter((w) => w.round === round && !w.status).length
        + signals.filter((w) => w.round === round && !w.status).length;
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
      signalsAcked += await checkSignals(round, `${what}, after kill -9`);
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
      // The acknowledged signals through the API: the school reads its own, and
      // both organisations see their matches.
      const acked = signals.filter((w) => w.round === round && w.acked);
      for (const w of acked.filter((x) => x.role === 'school').slice(0, 3)) {
        const r = await request(srv.baseUrl, 'GET', `/api/v1/signals/${w.json.signal.id}`, { token: schoolToken });
        assert.equal(r.status, 200, `${what}: GET signal ${w.json.signal.id} after restart: ${r.status}`);
        assert.equal(r.json.child.id, w.child);
      }
      const matchIds = acked.flatMap((w) => w.json.new_matches);
      if (matchIds.length > 0) {
        for (const token of [schoolToken, jgzToken]) {
          const r = await request(srv.baseUrl, 'GET', '/api/v1/signal-matches', { token });
          assert.equal(r.status, 200, `${what}: GET /api/v1/signal-matches after restart`);
          const seen = new Set(r.json.items.map((m) => m.id));
          for (const m of matchIds) assert.ok(seen.has(m), `${what}: match ${m} listed after restart`);
        }
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
    const acked = persons.filter((w) => w.acked).length + notices.filter((w) => w.acked).length + signalsAcked;
    const cut = persons.filter((w) => !w.acked).length + notices.filter((w) => !w.acked).length + signals.filter((w) => !w.acked).length;
    const signalsCut = signals.filter((w) => !w.acked).length;
    console.log(`# crash: ${acked} writes acknowledged, ${cut} cut off by kill -9; `
      + `${killedMidStream}/${ROUNDS} kills with requests in flight; `
      + `signals: ${signalsAcked} registrations acknowledged, ${signalsCut} cut off`);
    assert.ok(signalsAcked >= ROUNDS, `the signal stream ran (${signalsAcked} acknowledged)`);
    assert.ok(killedMidStream >= Math.ceil(ROUNDS / 2), 'most kills land while requests are in flight');
  });

  test('an import killed mid-way keeps whole batches; the next import completes it', async () => {
    const dir = await mkdtemp(path.join(srv.dir, 'import-'));
    const csv = path.join(dir, 'csv');
    const gen = await srv.cli(['demo-csv', csv, '--children', '2000', '--seed', '11']);
    assert.equal(gen.code, 0, gen.stderr);
    const m = gen.stdout.match(/(\d+) organisaties, (\d+) huishoudens, (\d+) personen, (\d+) inschrijvingen/);
    assert.ok(m, gen.stdout);
    const tables = ['organisations', 'households', 'persons', 'enrolments'];
    const files = tables.map((t) => `${t}.csv`);
    const total = Object.fromEntries(tables.map((t, i) => [t, Number(m[i + 1])]));
    const db = await freshDatabase(dir);
    const counts = async () => {
      const row = (await sqlOn(db, `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})`).join(', ')}`)).split('|');
      return Object.fromEntries(tables.map((t, i) => [t, Number(row[i])]));
    };
    const args = ['import', csv, '--database', db.url, '--key-dir', srv.keyDir, '--batch-rows', String(IMPORT_BATCH)];
    const run = () => {
      const child = spawn(binary(), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      return { child, exited, output: () => out };
    };
    try {
      let cutMidFile = 0;
      let last = null;
      for (let round = 0; round < IMPORT_ROUNDS; round++) {
        const what = `import round ${round} (seed ${SEED})`;
        const sum = (c) => tables.reduce((n, t) => n + c[t], 0);
        const before = last ? sum(last) : 0;
        const p = run();
        // Kill once this run has committed something new, a random moment later.
        let done = false;
        p.exited.then(() => { done = true; });
        const started = Date.now();
        while (!done && Date.now() - started < 30_000) {
          const c = await counts().catch(() => null); // the schema may not be there yet
          if (c && sum(c) > before) break;
          await sleep(10);
        }
        await sleep(Math.floor(random() * 15));
        p.child.kill('SIGKILL');
        const exit = await p.exited;
        const c = await counts();
        // Whole batches: each file's rows are there completely, or a prefix in
        // whole batches; after the file in progress nothing.
        let partial = null;
        for (const t of tables) {
          if (partial) {
            assert.equal(c[t], last ? last[t] : 0, `${what}: ${t} written while ${partial} was not complete`);
            continue;
          }
          if (c[t] === total[t]) continue;
          assert.equal(c[t] % IMPORT_BATCH, 0, `${what}: ${t} holds ${c[t]} rows of ${total[t]}: a half-written batch`);
          partial = t;
        }
        if (exit.signal === 'SIGKILL' && partial) cutMidFile++;
        if (BACKEND === 'sqlite') {
          assert.equal(await sqlOn(db, 'PRAGMA integrity_check'), 'ok', `${what}: integrity_check`);
          assert.equal(await sqlOn(db, 'PRAGMA foreign_key_check'), '', `${what}: foreign_key_check`);
        }
        for (const t of tables) assert.ok(c[t] >= (last ? last[t] : 0), `${what}: ${t} lost committed rows`);
        last = c;
      }
      assert.ok(cutMidFile >= 1, `at least one kill lands inside a file (${cutMidFile}/${IMPORT_ROUNDS})`);

      // Run to the end: the committed rows come back unchanged, the rest is new.
      let p = run();
      let exit = await p.exited;
      assert.equal(exit.code, 0, `the import after the kills: ${p.output()}`);
      const summary = (out) => Object.fromEntries(files.map((f) => {
        const line = out.split('\n').find((l) => l.startsWith(f));
        assert.ok(line, `summary line for ${f}:\n${out}`);
        const [, read, inserted, unchanged, updated, rejected] = line.trim().split(/\s+/).map(Number);
        return [f, { read, inserted, unchanged, updated, rejected }];
      }));
      let s = summary(p.output());
      tables.forEach((t, i) => {
        const f = s[files[i]];
        assert.deepEqual([f.read, f.inserted, f.unchanged, f.updated, f.rejected],
          [total[t], total[t] - last[t], last[t], 0, 0], `${files[i]} after the kills`);
      });
      assert.deepEqual(await counts(), total);
      // Once more: nothing changes.
      p = run();
      exit = await p.exited;
      assert.equal(exit.code, 0, p.output());
      s = summary(p.output());
      tables.forEach((t, i) => assert.deepEqual([s[files[i]].inserted, s[files[i]].unchanged], [0, total[t]]));
      assert.deepEqual(await counts(), total);
      const verify = await srv.cli(['audit', 'verify', '--database', db.url]);
      assert.equal(verify.code, 0, `inbeeld audit verify\n${verify.stdout}${verify.stderr}`);
      console.log(`# crash: import of ${total.persons} persons killed ${IMPORT_ROUNDS} times, ${cutMidFile} inside a file`);
    } finally {
      await db.drop();
    }
  });
});
