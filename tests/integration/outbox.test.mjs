// The durable outbox across instances (issue 3): several `inbeeld serve`
// processes on one database deliver every notice exactly once.
//
// Instance A holds its claimed work (INBEELD_TEST_OUTBOX_HOLD_MS) under a short
// lease and is killed with kill -9; instance B takes the work over when the
// lease runs out and delivers it: one inbox message, one e-mail in the SMTP
// sink (tests/support/smtp_sink.mjs), outbox state delivered. Then a notice
// sent while the SMTP server is down goes out once it is back (retry), and a
// session made on A works on B.
//
// Runs on both backends: PostgreSQL (two instances on one server) and SQLite
// (two processes on one file; SQLite's locking and WAL make that safe).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { binary, REPO, Server, sleep, startServer } from './harness.mjs';

// ------------------------------------------------------------------ helpers

// Starts `node tests/support/smtp_sink.mjs DIR [--port N]`; resolves { port, stop }.
async function startSmtpSink(dir, port = 0) {
  const child = spawn(process.execPath, [path.join(REPO, 'tests/support/smtp_sink.mjs'), dir, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const listening = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = out.match(/SMTP-sink luistert op (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`SMTP sink exited (${code}): ${out}`)));
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  return {
    port: listening,
    async stop() {
      process.off('exit', kill);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// `inbeeld serve` on `srv`'s database and key directory with extra args and
// environment; waits for "luistert op" and /health. Returns the process record
// that Server expects (child, output, exitPromise, baseUrl, killOnExit).
async function launchServe(srv, extraArgs, extraEnv = {}, name = 'instance') {
  const args = ['serve', '--database', srv.dbUrl, '--key-dir', srv.keyDir, '--listen', '127.0.0.1:0',
    '--workers', '4', '--pool', '4', ...extraArgs];
  const child = spawn(binary(), args, { cwd: srv.dir, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, output: '', exited: null };
  const log = createWriteStream(path.join(srv.dir, `${name}.log`), { flags: 'a' });
  const collect = (chunk) => { proc.output += chunk; log.write(chunk); };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  proc.exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    proc.exited = { code, signal };
    resolve(proc.exited);
  }));
  proc.killOnExit = () => { if (!proc.exited) child.kill('SIGKILL'); };
  process.on('exit', proc.killOnExit);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exited) throw new Error(`${name} exited early (${JSON.stringify(proc.exited)}):\n${proc.output.slice(-3000)}`);
    const m = proc.output.match(/luistert op (http:\/\/[^\s]+)/);
    if (m) {
      proc.baseUrl = m[1].replace(/\/$/, '');
      try {
        if ((await fetch(`${proc.baseUrl}/health`)).status === 200) return proc;
      } catch { /* not yet */ }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within 60 s:\n${proc.output.slice(-3000)}`);
    }
    await sleep(50);
  }
}

// A Server for another instance on the same database: shares users and the
// TOTP replay bookkeeping (the server refuses a TOTP step twice per user).
function instance(base, proc) {
  const s = new Server({ dir: base.dir, db: base.db, keyDir: base.keyDir, proc, users: base.users });
  s.lastStep = base.lastStep;
  return s;
}

async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 150 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// The e-mails in the sink whose Message-ID is `<messageId>`.
async function mailsWithId(dir, messageId) {
  const out = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
    const text = await readFile(path.join(dir, f), 'utf8');
    if (text.includes(`\r\nMessage-ID: <${messageId}>\r\n`)) out.push(text);
  }
  return out;
}

async function outboxItems(srv, token, keys) {
  const r = await srv.api('GET', '/api/v1/outbox?limit=1000', { token });
  assert.equal(r.status, 200, `GET /api/v1/outbox: ${r.status} ${r.text}`);
  return r.json.items.filter((i) => keys.includes(i.idempotency_key));
}

// ------------------------------------------------------------------ the test

const LEASE_MS = 3000;

describe('outbox across instances', () => {
  let base; // the demo run: made the database, users and keys; then stopped
  let mailDir;
  let sink;
  let a;
  let b;

  before(async () => {
    base = await startServer();
    await base.terminate();
    mailDir = await mkdtemp(path.join(tmpdir(), 'inbeeld-mail-'));
    sink = await startSmtpSink(mailDir);
  });

  after(async () => {
    for (const s of [a, b]) {
      if (s && !s.proc.exited) await s.terminate();
    }
    await sink?.stop();
    if (process.env.INBEELD_TEST_KEEP) console.log(`# outbox: kept mail in ${mailDir}`);
    else if (mailDir) await rm(mailDir, { recursive: true, force: true });
    await base?.stop();
  });

  test('kill -9 of an instance holding outbox work: the other delivers it exactly once', async () => {
    const smtp = `smtp://127.0.0.1:${sink.port}`;
    // A claims and then holds everything for a minute, under a 3 s lease.
    a = instance(base, await launchServe(base, ['--smtp', smtp, '--outbox-lease-ms', String(LEASE_MS)],
      { INBEELD_TEST_OUTBOX_HOLD_MS: '60000' }, 'instance-a'));
    const admin = await a.session('admin');
    const contact = base.user('school_contact');

    const key = `mi-${Date.now()}`;
    const sent = await a.api('POST', '/api/v1/notices/test', {
      token: admin.token, body: { username: contact.username }, headers: { 'idempotency-key': key },
    });
    assert.equal(sent.status, 202, sent.text);
    assert.equal(sent.json.idempotency_key, key);
    const keys = sent.json.items.map((i) => i.idempotency_key).sort();
    assert.deepEqual(keys, [`test.${key}.email`, `test.${key}.inbox`]);

    // A has claimed both items (attempt 1) and is holding them.
    const held = await waitFor('instance A to claim both items', async () => {
      const items = await outboxItems(a, admin.token, keys);
      return items.length === 2 && items.every((i) => i.attempts === 1 && i.lease_owner && i.state === 'queued') && items;
    });
    const ownerA = held[0].lease_owner;
    assert.equal(held[1].lease_owner, ownerA);
    assert.match(ownerA, /^[^:]+:\d+:[0-9a-f]+$/, 'owner id: host:pid:random');

    await a.kill9();
    assert.equal(a.proc.exited.signal, 'SIGKILL');

    // B: a normal instance on the same database, key directory and SMTP sink.
    b = instance(base, await launchServe(base, ['--smtp', smtp], {}, 'instance-b'));

    // A session made on A works on B (sessions live in the shared database).
    const viaB = await b.api('GET', '/api/v1/outbox', { token: admin.token });
    assert.equal(viaB.status, 200, `A's session on B: ${viaB.status} ${viaB.text}`);

    const delivered = await waitFor('instance B to deliver both items', async () => {
      const items = await outboxItems(b, admin.token, keys);
      return items.length === 2 && items.every((i) => i.state === 'delivered') && items;
    }, { timeoutMs: 30_000 });
    for (const item of delivered) {
      assert.notEqual(item.lease_owner, ownerA, `${item.idempotency_key} delivered by B`);
      assert.equal(item.attempts, 2, `${item.idempotency_key}: A's claim and B's`);
      assert.equal(typeof item.delivered_ms, 'number');
      assert.equal(item.last_error, '');
    }

    // Exactly one inbox message, seen by the contact on B.
    const contactToken = await b.login('school_contact');
    const inbox = await b.api('GET', '/api/v1/inbox', { token: contactToken });
    assert.equal(inbox.status, 200, inbox.text);
    assert.equal(inbox.json.items.length, 1, JSON.stringify(inbox.json));
    assert.equal(inbox.json.unread, 1);
    assert.equal(inbox.json.items[0].subject, 'InBeeld: testbericht');
    const inboxId = delivered.find((i) => i.channel === 'inbox').id;
    assert.equal(await base.count(`inbox_messages WHERE outbox_id = ${inboxId}`), 1);

    // Exactly one e-mail, also a moment later (nobody sends it again).
    await sleep(LEASE_MS + 500);
    const mails = await mailsWithId(mailDir, `test.${key}.email@inbeeld`);
    assert.equal(mails.length, 1, `e-mails with this Message-ID: ${mails.length}`);
    assert.match(mails[0], new RegExp(`\\r\\nTo: ${contact.username.replace('.', '\\.')}@demo\\.inbeeld\\.example\\r\\n`));
    assert.match(mails[0], /X-Sink-Rcpt-To: school\.contact@demo\.inbeeld\.example/);
    assert.match(mails[0], /Dit is een testbericht van InBeeld/);

    // Marking read, on B.
    const read = await b.api('POST', `/api/v1/inbox/${inbox.json.items[0].id}/read`, { token: contactToken });
    assert.equal(read.status, 204, read.text);
    const again = await b.api('GET', '/api/v1/inbox', { token: contactToken });
    assert.equal(again.json.unread, 0);
    assert.equal(typeof again.json.items[0].read_ms, 'number');

    // The same Idempotency-Key again: nothing new.
    const repeat = await b.api('POST', '/api/v1/notices/test', {
      token: admin.token, body: { username: contact.username }, headers: { 'idempotency-key': key },
    });
    assert.equal(repeat.status, 200, repeat.text);
    assert.equal(repeat.json.created, false);
    assert.deepEqual(repeat.json.items.map((i) => i.id).sort(), delivered.map((i) => i.id).sort());
    assert.equal(await base.count(`outbox WHERE idempotency_key LIKE 'test.${key}.%'`), 2);
  });

  test('a notice sent while the SMTP server is down goes out once it is back', async () => {
    assert.ok(b && !b.proc.exited, 'instance B runs (previous test)');
    const port = sink.port;
    await sink.stop();
    const admin = await b.session('admin');
    const key = `down-${Date.now()}`;
    const sent = await b.api('POST', '/api/v1/notices/test', {
      token: admin.token, body: { username: base.user('school_contact').username }, headers: { 'idempotency-key': key },
    });
    assert.equal(sent.status, 202, sent.text);
    const emailKey = `test.${key}.email`;
    const failed = await waitFor('a failed e-mail attempt', async () => {
      const [item] = await outboxItems(b, admin.token, [emailKey]);
      return item && item.attempts >= 1 && item.state === 'queued' && item.last_error !== '' && item;
    });
    assert.match(failed.last_error, /SMTP/);
    assert.ok(failed.next_attempt_ms > Date.now() - 1000, 'a retry is scheduled');

    sink = await startSmtpSink(mailDir, port);
    const done = await waitFor('the retried e-mail', async () => {
      const [item] = await outboxItems(b, admin.token, [emailKey]);
      return item && item.state === 'delivered' && item;
    }, { timeoutMs: 45_000 });
    assert.ok(done.attempts >= 2, `attempts: ${done.attempts}`);
    assert.equal((await mailsWithId(mailDir, `${emailKey}@inbeeld`)).length, 1);
  });

  test('scheduled jobs record one run per slot', async () => {
    // Both instances started within the same hour: the clean-up ran once for it.
    const rows = await base.sql("SELECT slot, owner, finished_ms IS NOT NULL FROM job_runs WHERE job = 'sessions.delete_expired'");
    const lines = rows.split('\n').filter(Boolean);
    assert.ok(lines.length >= 1, 'the session clean-up ran');
    const slots = lines.map((l) => l.split('|')[0]);
    assert.equal(new Set(slots).size, slots.length, 'one run per slot');
  });

  test('who may send and read', async () => {
    const police = await b.login('police');
    const r1 = await b.api('POST', '/api/v1/notices/test', { token: police, body: { username: 'school.contact' } });
    assert.equal(r1.status, 403);
    const r2 = await b.api('GET', '/api/v1/outbox', { token: police });
    assert.equal(r2.status, 403);
    const sup = await b.login('vt_supervisor');
    assert.equal((await b.api('GET', '/api/v1/outbox', { token: sup })).status, 200);
    const admin = await b.login('admin');
    const unknown = await b.api('POST', '/api/v1/notices/test', { token: admin, body: { username: 'niemand.bekend' } });
    assert.equal(unknown.status, 404);
    const other = await b.api('POST', '/api/v1/inbox/1/read', { token: police });
    assert.equal(other.status, 404, 'a message that is not mine is not found');
    const body = (await b.api('GET', '/api/v1/outbox', { token: admin })).json;
    for (const item of body.items) {
      assert.equal(item.body, undefined, 'no contents in the outbox view');
      assert.equal(item.recipient, undefined, 'no recipients in the outbox view');
    }
  });
});
