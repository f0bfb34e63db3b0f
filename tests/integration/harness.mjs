// Shared helpers for the HTTP-level integration tests (node --test tests/integration/).
//
//   const srv = await startServer();          // `inbeeld demo` on a fresh database
//   const token = await srv.login('police');  // API session (TOTP computed here)
//   const r = await srv.api('GET', '/api/v1/organisations', { token });
//   assert.equal(r.status, 200); r.json.items ...
//   const b = await srv.browserLogin('jgz');  // cookie session through the HTML forms
//   await srv.stop();
//
// Each test file starts its own server on its own database, so files are
// independent (lock-outs, sessions, the access log do not leak between them).
//
// Environment:
//   INBEELD_BIN            the binary (default build/src/app/inbeeld)
//   INBEELD_TEST_BACKEND   "sqlite" (default) or "postgresql"
//   INBEELD_TEST_PG_URL    for postgresql: a database URL on the server to use,
//                          e.g. postgresql://postgres@127.0.0.1:55432/inbeeld_test;
//                          each server gets a fresh database it_<random> there,
//                          dropped by stop(). Required (the run fails without it).
//   INBEELD_TEST_KEEP=1    keep the temporary directory (server log, SQLite file)
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sqliteQuery } from './sqlite_cli.mjs';

const execFileP = promisify(execFile);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BACKEND = process.env.INBEELD_TEST_BACKEND || 'sqlite';
export const INSTANCES = Number(process.env.INBEELD_TEST_INSTANCES || '1');

// Fail at once, and clearly, when the PostgreSQL run has no server to use.
if (BACKEND === 'postgresql' && !process.env.INBEELD_TEST_PG_URL) {
  throw new Error('INBEELD_TEST_BACKEND=postgresql needs INBEELD_TEST_PG_URL, e.g. '
    + 'postgresql://postgres@127.0.0.1:55432/inbeeld_test (start a throw-away server with '
    + '`scripts/pg-test-server start DIR PORT`; configure with -DINBEELD_TEST_PG_URL=... or export it for ctest)');
}
if (BACKEND !== 'sqlite' && BACKEND !== 'postgresql') {
  throw new Error(`INBEELD_TEST_BACKEND must be sqlite or postgresql, not ${BACKEND}`);
}

// Roles that must pass a second factor (TOTP) after the password.
export const TOTP_ROLES = new Set([
  'vt_triage', 'vt_case_worker', 'vt_supervisor', 'local_team', 'jgz', 'midwife', 'admin',
]);

// The municipality of the demo's local team, JGZ and midwife users (src/demo/demo_users.cc).
export const DEMO_MUNICIPALITY = 'GM0363';

export function binary() {
  const bin = process.env.INBEELD_BIN || path.join(REPO, 'build/src/app/inbeeld');
  assert.ok(existsSync(bin), `INBEELD_BIN=${bin} does not exist: build inbeeld first`);
  return bin;
}

// ------------------------------------------------------------------ TOTP

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238: HMAC-SHA1 over the 30-second step, dynamic truncation, 6 digits.
export function totpAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

export const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

// A code nobody will guess right: the current code with every digit shifted.
export function wrongTotp(secret) {
  const valid = new Set([-1, 0, 1].map((d) => totpAt(secret, totpStep() + d)));
  for (let shift = 1; shift < 10; shift++) {
    const c = totpAt(secret, totpStep()).split('').map((d) => String((Number(d) + shift) % 10)).join('');
    if (!valid.has(c)) return c;
  }
  throw new Error('no wrong code found');
}

// ------------------------------------------------------------------ HTTP

// One request. body: an object (sent as JSON), a string or a Buffer (sent as
// is; give the content type in headers). Returns { status, headers, text, json, contentType }.
export async function request(baseUrl, method, urlPath, { token, body, headers = {}, cookie, redirect = 'manual' } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
    else {
      payload = JSON.stringify(body);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    }
  }
  let res;
  try {
    res = await fetch(baseUrl + urlPath, { method, headers: h, body: payload, redirect });
  } catch (e) {
    throw new Error(`${method} ${urlPath}: ${e.message} (${e.cause?.code ?? ''} ${e.cause?.message ?? ''})`);
  }
  const text = await res.text();
  const contentType = res.headers.get('content-type') || '';
  let json;
  if (/json/.test(contentType)) {
    try { json = JSON.parse(text); } catch { json = undefined; }
  }
  return { status: res.status, headers: res.headers, text, json, contentType };
}

// Asserts an RFC 9457 problem response with `status`; returns its JSON.
export function assertProblem(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
  assert.match(r.contentType, /^application\/problem\+json/, `${what} content type: ${r.contentType}`);
  assert.ok(r.json, `${what} body is not JSON: ${r.text.slice(0, 200)}`);
  assert.equal(r.json.status, status, `${what} problem.status`);
  assert.equal(typeof r.json.title, 'string');
  return r.json;
}

// The field names of a 422 problem's errors[].
export const errorFields = (problem) => (problem.errors || []).map((e) => e.field).sort();

// Sends raw bytes over a fresh TCP connection and returns the response status
// line and the text read until the server closes (or timeoutMs passes).
export async function rawHttp(baseUrl, chunks, { timeoutMs = 5000 } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); finish(); }, timeoutMs);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const m = data.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ status: m ? Number(m[1]) : 0, text: data });
    };
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      data += d;
      // One response is all we want.
      const headEnd = data.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const len = data.slice(0, headEnd).match(/content-length:\s*(\d+)/i);
        if (len && Buffer.byteLength(data.slice(headEnd + 4)) >= Number(len[1])) { sock.destroy(); finish(); }
      }
    });
    sock.on('error', () => finish()); // EPIPE/ECONNRESET after the server answered and closed
    sock.on('close', finish);
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (sock.destroyed || data) break; // the server answered: stop sending
        const ok = sock.write(c);
        if (!ok) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
    sock.on('timeout', reject);
  });
}

// ------------------------------------------------------------------ databases

async function psql(url, sql) {
  const { stdout } = await execFileP('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
  return stdout.trim();
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// A fresh, empty database URL and a function that drops it.
export async function freshDatabase(dir) {
  if (BACKEND === 'sqlite') {
    const file = path.join(dir, 'it.db');
    return { url: `sqlite:${file}`, file, drop: async () => {} };
  }
  if (BACKEND !== 'postgresql') throw new Error(`INBEELD_TEST_BACKEND must be sqlite or postgresql, not ${BACKEND}`);
  const admin = process.env.INBEELD_TEST_PG_URL;
  if (!admin) {
    throw new Error('INBEELD_TEST_BACKEND=postgresql needs INBEELD_TEST_PG_URL (e.g. '
      + 'postgresql://postgres@127.0.0.1:55432/inbeeld_test; start one with scripts/pg-test-server start DIR PORT)');
  }
  const name = `it_${randomBytes(6).toString('hex')}`;
  try {
    await psql(admin, `CREATE DATABASE ${name}`);
  } catch (e) {
    throw new Error(`cannot create a test database on INBEELD_TEST_PG_URL=${admin}: ${e.stderr || e.message}`);
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => { await psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

// SQL on a database of freshDatabase() (text output, one row a line).
export async function sqlOn(db, query) {
  return BACKEND === 'sqlite' ? sqliteQuery(db.file, query) : psql(db.url, query);
}

// ------------------------------------------------------------------ the server

// Starts a process and waits for "luistert op http://HOST:PORT" and /health.
async function launch(args, { cwd, what }) {
  const child = spawn(binary(), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, output: '', exited: null };
  const logFile = createWriteStream(path.join(cwd, 'server.log'), { flags: 'a' });
  const collect = (chunk) => { proc.output += chunk; logFile.write(chunk); };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  proc.exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    proc.exited = { code, signal };
    logFile.write(`\n--- exited: ${JSON.stringify(proc.exited)}\n`);
    resolve(proc.exited);
  }));
  proc.killOnExit = () => { if (!proc.exited) child.kill('SIGKILL'); };
  process.on('exit', proc.killOnExit);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exited) throw new Error(`${what} exited early (${JSON.stringify(proc.exited)}):\n${proc.output.slice(-3000)}`);
    const m = proc.output.match(/luistert op (http:\/\/[^\s]+)/);
    if (m) {
      proc.baseUrl = m[1].replace(/\/$/, '');
      try {
        if ((await fetch(`${proc.baseUrl}/health`)).status === 200) return proc;
      } catch { /* not yet */ }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not start within 60 s:\n${proc.output.slice(-3000)}`);
    }
    await sleep(50);
  }
}

// Starts `inbeeld demo` on a fresh database. Returns a Server.
export async function startServer({ children = 300, seed = 7 } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'inbeeld-it-'));
  let db;
  try {
    db = await freshDatabase(dir);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const credsFile = path.join(dir, 'creds.json');
  // SQLite: the demo puts its keys next to the database (<dir>/keys);
  // PostgreSQL: there is no such place, so we name it.
  const keyDir = path.join(dir, 'keys');
  const args = ['demo', '--database', db.url, '--children', String(children), '--seed', String(seed),
    '--listen', '127.0.0.1:0', '--credentials-out', credsFile, '--workers', '4', '--pool', '4'];
  if (BACKEND === 'postgresql') args.push('--key-dir', keyDir);
  let proc;
  try {
    proc = await launch(args, { cwd: dir, what: `inbeeld ${args.join(' ')}` });
  } catch (e) {
    await db.drop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const creds = JSON.parse(await readFile(credsFile, 'utf8'));
  const srv = new Server({ dir, db, keyDir, proc, users: creds.users });
  // INBEELD_TEST_INSTANCES=2: a second `inbeeld serve` on the same database;
  // API calls alternate between the two instances (issue 3: the suite against
  // two instances on one PostgreSQL — sessions, lock-outs and the access log
  // live in the database, so every test must hold across instances).
  if (INSTANCES >= 2) {
    try {
      srv.proc2 = await launch(['serve', '--database', db.url, '--key-dir', keyDir, '--listen', '127.0.0.1:0',
        '--workers', '4', '--pool', '4'], { cwd: dir, what: 'second instance' });
    } catch (e) {
      await srv.stop();
      throw e;
    }
  }
  return srv;
}

export class Server {
  constructor({ dir, db, keyDir, proc, users }) {
    this.dir = dir;
    this.db = db;
    this.dbUrl = db.url;
    this.keyDir = keyDir;
    this.proc = proc;
    this.users = users;
    this.sessions = new Map(); // role → { token, csrf }
    this.lastStep = new Map(); // username → last TOTP step used
    this.logs = [];
  }

  get baseUrl() { return this.proc.baseUrl; }
  log() { return this.logs.join('\n') + this.proc.output + (this.proc2 ? this.proc2.output : ''); }

  // The demo user with `role`; fails clearly when there is none.
  user(role) {
    const u = this.users.find((x) => x.role === role);
    assert.ok(u, `the demo has no user with role ${role} (roles: ${this.roles().join(', ')})`);
    return u;
  }

  roles() { return [...new Set(this.users.map((u) => u.role))]; }

  // A TOTP code for `user` that the server has not seen yet (a replay guard
  // refuses a step twice): the current step, or the next one; waits when
  // both were used.
  async nextTotp(user) {
    const last = this.lastStep.get(user.username) ?? -Infinity;
    let step = Math.max(last + 1, totpStep());
    while (step > totpStep() + 1) await sleep(250);
    this.lastStep.set(user.username, step);
    return totpAt(user.totp_secret, step);
  }

  // POST /api/v1/sessions for the demo user with `role`; returns the raw response.
  async loginRaw(role, { password, totp_code, withCode = true } = {}) {
    const u = this.user(role);
    const body = { username: u.username, password: password ?? u.password };
    if (totp_code !== undefined) body.totp_code = totp_code;
    else if (withCode && u.totp_secret) body.totp_code = await this.nextTotp(u);
    return this.api('POST', '/api/v1/sessions', { body });
  }

  // A bearer token for `role` (cached per role unless fresh).
  async login(role, { fresh = false } = {}) {
    return (await this.session(role, { fresh })).token;
  }

  // { token, csrf } of an API session for `role` (cached per role unless fresh).
  async session(role, { fresh = false } = {}) {
    if (!fresh && this.sessions.has(role)) return this.sessions.get(role);
    const r = await this.loginRaw(role);
    assert.equal(r.status, 201, `login as ${role}: ${r.status} ${r.text}`);
    assert.equal(typeof r.json.token, 'string');
    const s = { token: r.json.token, csrf: r.json.csrf_token, user: r.json.user };
    if (!fresh) this.sessions.set(role, s);
    return s;
  }

  forget(role) { this.sessions.delete(role); }

  // With a second instance, calls alternate between the two (while both run).
  api(method, urlPath, opts = {}) {
    let base = this.baseUrl;
    if (this.proc2 && !this.proc2.exited && !this.proc.exited) {
      this.flip = !this.flip;
      if (this.flip) base = this.proc2.baseUrl;
    } else if (this.proc2 && !this.proc2.exited && this.proc.exited) {
      base = this.proc2.baseUrl;
    }
    return request(base, method, urlPath, opts);
  }

  // A cookie session through the HTML forms: GET /inloggen (inbeeld_pre cookie
  // and hidden csrf), POST /inloggen, POST /inloggen/code when the role needs
  // TOTP. Returns a Browser.
  async browserLogin(role) {
    const u = this.user(role);
    const b = new Browser(this.baseUrl);
    const form = await b.get('/inloggen');
    assert.equal(form.status, 200, `GET /inloggen: ${form.status}`);
    assert.ok(b.cookies.get('inbeeld_pre'), 'GET /inloggen sets the inbeeld_pre cookie');
    const pre = hiddenCsrf(form.text);
    assert.equal(pre, b.cookies.get('inbeeld_pre'), 'the login form carries the inbeeld_pre value as csrf');
    let r = await b.postForm('/inloggen', { csrf: pre, next: '/', username: u.username, password: u.password });
    assert.equal(r.status, 303, `POST /inloggen as ${role}: ${r.status} ${r.text.slice(0, 300)}`);
    assert.ok(b.cookies.get('inbeeld_session'), 'POST /inloggen sets the session cookie');
    if (u.totp_secret) {
      assert.match(r.headers.get('location'), /^\/inloggen\/code/);
      r = await b.postForm('/inloggen/code', { csrf: pre, next: '/', code: await this.nextTotp(u) });
      assert.equal(r.status, 303, `POST /inloggen/code as ${role}: ${r.status} ${r.text.slice(0, 300)}`);
    }
    assert.equal(r.headers.get('location'), '/');
    const home = await b.get('/');
    assert.equal(home.status, 200, `GET / after login as ${role}: ${home.status}`);
    b.csrf = hiddenCsrf(home.text); // the session's CSRF token (logout form in the layout)
    assert.ok(b.csrf && b.csrf !== pre, 'the home page carries the session CSRF token');
    return b;
  }

  // Runs `inbeeld ARGS...`; resolves { code, stdout, stderr } (never rejects on exit code).
  async cli(args) {
    return new Promise((resolve) => {
      execFile(binary(), args, { cwd: this.dir, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  }

  // SQL straight on the database, through sqlite3 or psql (text output, one row a line).
  async sql(query) {
    return BACKEND === 'sqlite' ? sqliteQuery(this.db.file, query) : psql(this.dbUrl, query);
  }

  async count(table) { return Number(await this.sql(`SELECT count(*) FROM ${table}`)); }

  // kill -9: no chance to flush anything.
  async kill9() {
    const p = this.proc;
    p.child.kill('SIGKILL');
    await p.exitPromise;
    process.off('exit', p.killOnExit);
    this.logs.push(p.output);
  }

  // SIGTERM and wait (SIGKILL after 10 s); returns the exit. Also stops the
  // second instance, so that a test running its own instances afterwards has
  // no stray worker (without its SMTP settings) claiming outbox work.
  async terminate() {
    await this.stopSecond();
    const p = this.proc;
    if (!p.exited) {
      p.child.kill('SIGTERM');
      const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
      await p.exitPromise;
      clearTimeout(t);
    }
    process.off('exit', p.killOnExit);
    this.logs.push(p.output);
    return p.exited;
  }

  // `inbeeld serve` on the same database and key directory, on a new port.
  async restart() {
    if (!this.proc.exited) await this.terminate();
    const args = ['serve', '--database', this.dbUrl, '--key-dir', this.keyDir, '--listen', '127.0.0.1:0',
      '--workers', '4', '--pool', '4'];
    this.proc = await launch(args, { cwd: this.dir, what: `inbeeld ${args.join(' ')}` });
  }

  async stopSecond() {
    const p2 = this.proc2;
    if (!p2) return;
    if (!p2.exited) {
      p2.child.kill('SIGTERM');
      const t = setTimeout(() => p2.child.kill('SIGKILL'), 10_000);
      await p2.exitPromise;
      clearTimeout(t);
    }
    process.off('exit', p2.killOnExit);
    this.logs.push(p2.output);
    this.proc2 = null;
  }

  async stop() {
    await this.terminate();
    if (process.env.INBEELD_TEST_KEEP) {
      console.log(`# integration: kept ${this.dir} (database ${this.dbUrl})`);
      return;
    }
    await this.db.drop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ a cookie jar

export function hiddenCsrf(html) {
  const m = html.match(/name="csrf" value="([^"]*)"/);
  return m ? m[1] : undefined;
}

// A minimal browser: a cookie jar over fetch, no redirects followed.
export class Browser {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
    this.csrf = undefined;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async send(method, urlPath, opts = {}) {
    const r = await request(this.baseUrl, method, urlPath, { ...opts, cookie: this.cookieHeader() });
    for (const c of r.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return r;
  }

  get(urlPath, opts) { return this.send('GET', urlPath, opts); }

  postForm(urlPath, fields, opts = {}) {
    return this.send('POST', urlPath, {
      ...opts,
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }

  api(method, urlPath, opts = {}) { return this.send(method, urlPath, opts); }
}

// HTML-escapes as the templates do (mustache {{x}}).
export function htmlEscape(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export { sleep };

// ------------------------------------------------------------------ test data

// A BSN passing the 11-test that the demo never hands out (demo BSNs begin
// with 9; these begin with 1..8).
export function testBsn() {
  for (;;) {
    const d = [1 + Math.floor(Math.random() * 8)];
    for (let i = 1; i < 8; i++) d.push(Math.floor(Math.random() * 10));
    const sum = d.reduce((acc, digit, i) => acc + (9 - i) * digit, 0);
    const last = sum % 11;
    if (last === 10) continue;
    return d.join('') + String(last);
  }
}

// A 9-digit number that fails the 11-test.
export function badBsn() {
  const good = testBsn();
  const last = (Number(good[8]) + 1) % 10;
  return good.slice(0, 8) + String(last);
}

// A name unique to this run, letters only (the search key folds case and diacritics).
export function uniqueName(prefix = 'Itest') {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (const b of randomBytes(8)) s += letters[b % 26];
  return prefix + s;
}
