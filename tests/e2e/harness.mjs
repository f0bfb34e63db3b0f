// Shared helpers for the browser tests (node --test tests/e2e/).
//
//   const app = await startInBeeld();      // a demo server on a free loopback port
//   const browser = await launchBrowser(); // Debian's Chromium, headless
//   const page = await newPage(browser, app);
//   await login(page, app, 'vt_case_worker');
//   await checkA11y(page);
//   ...; await browser.close(); await app.stop();
//
// Each test file starts its own server on its own temporary SQLite database, so
// files are independent (lock-outs, sessions, TOTP replay state do not leak).
// Environment: INBEELD_BIN (default build/src/app/inbeeld), INBEELD_E2E_CHILDREN
// (default 300), CHROMIUM (default /usr/bin/chromium), INBEELD_E2E_KEEP=1 keeps
// the temporary directory (database, server log) for a look afterwards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { sqliteQuery } from '../integration/sqlite_cli.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Roles that must pass a second factor (TOTP) after the password.
export const TOTP_ROLES = new Set([
  'vt_triage', 'vt_case_worker', 'vt_supervisor', 'local_team', 'jgz', 'midwife', 'admin',
]);

// ---------------------------------------------------------------- the server

// SQL straight on a started app's SQLite database (text output, one row a line).
export function sqlite(app, query) {
  return sqliteQuery(path.join(app.dir, 'e2e.db'), query);
}

// Starts `inbeeld demo` on 127.0.0.1:0 and resolves when /health answers 200.
// Returns { baseUrl, users, user(role), stop(), log() }.
export async function startInBeeld({ children, seed = 7, extraArgs = [] } = {}) {
  const bin = process.env.INBEELD_BIN ?? path.join(REPO, 'build/src/app/inbeeld');
  assert.ok(existsSync(bin), `${bin} does not exist: build first (scripts/test or ninja -C build)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'inbeeld-e2e-'));
  const credsFile = path.join(dir, 'creds.json');
  const logFile = path.join(dir, 'server.log');
  const args = [
    'demo',
    '--database', `sqlite:${path.join(dir, 'e2e.db')}`,
    '--children', String(children ?? process.env.INBEELD_E2E_CHILDREN ?? 300),
    '--seed', String(seed),
    '--listen', '127.0.0.1:0',
    '--credentials-out', credsFile,
    ...extraArgs,
  ];
  const child = spawn(bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const logStream = createWriteStream(logFile);
  let output = '';
  const collect = (chunk) => { output += chunk; logStream.write(chunk); };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));
  // Never leave a server behind, even when the test process dies.
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) {
      // It died on its own: show why, it explains the failed tests.
      console.log(`# inbeeld exited by itself (${JSON.stringify(exited)}); its last output:\n` +
        output.slice(-3000).replace(/^/gm, '# '));
    } else {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(t);
    }
    await new Promise((resolve) => logStream.end(resolve));
    if (process.env.INBEELD_E2E_KEEP) console.log(`# e2e: kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  };

  try {
    const port = await waitFor(async () => {
      if (exited) throw new Error(`inbeeld exited early (${JSON.stringify(exited)})`);
      const m = output.match(/luistert op https?:\/\/[^\s:/]+:(\d+)/i)
        ?? output.match(/listening on https?:\/\/[^\s:/]+:(\d+)/i);
      return m && Number(m[1]);
    }, 90_000, 'the "InBeeld luistert op http://127.0.0.1:PORT" line');
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => {
      if (exited) throw new Error(`inbeeld exited early (${JSON.stringify(exited)})`);
      try { return (await fetch(`${baseUrl}/health`)).status === 200; } catch { return false; }
    }, 30_000, `${baseUrl}/health to answer 200`);
    const creds = JSON.parse(await readFile(credsFile, 'utf8'));
    assert.ok(Array.isArray(creds.users) && creds.users.length, `${credsFile} lists no users`);
    const users = creds.users;
    return {
      baseUrl,
      users,
      dir,
      // The first user with `role` (or the index-th); fails clearly when none.
      user(role, index = 0) {
        const u = users.filter((x) => x.role === role)[index];
        assert.ok(u, `the demo has no user #${index} with role ${role} (roles: ${[...new Set(users.map((x) => x.role))].join(', ')})`);
        return u;
      },
      log: () => output,
      stop,
    };
  } catch (err) {
    await stop();
    err.message += `\n--- inbeeld ${args.join(' ')} printed:\n${output.slice(-4000)}`;
    throw err;
  }
}

async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------- the browser

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page in a fresh context (no cookies) whose relative URLs go to the server.
export async function newPage(browser, app, { locale = 'nl-NL' } = {}) {
  const context = await browser.newContext({ baseURL: app.baseUrl, locale });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

// Clicks `locator` (a submit button or link) and waits for the page it leads to:
// a bare click() returns before the navigation, and whatever runs next (an
// innerText, an axe check) can meet the old page or one still being parsed.
export async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

// ---------------------------------------------------------------- logging in

// Fills the login form for the demo user with `role` and, when that user has
// a TOTP secret, the code form. Leaves the page where the server sent it.
// Options: password (default: the user's own), totp (default: true unless a
// password was given), index (which user of the role). Returns the user.
export async function login(page, app, role, { password, totp: withTotp, index = 0 } = {}) {
  const u = app.user(role, index);
  await submitLogin(page, u.username, password ?? u.password);
  if (u.totp_secret && (withTotp ?? password === undefined)) {
    await enterTotp(page, await nextTotpCode(u));
  }
  return u;
}

// Opens /inloggen and submits `username` and `password`.
export async function submitLogin(page, username, password) {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await clickAndWait(page, page.getByRole('button', { name: 'Inloggen', exact: true }));
}

export async function enterTotp(page, code) {
  await page.getByLabel('Code', { exact: true }).fill(code);
  await clickAndWait(page, page.getByRole('button', { name: 'Controleren', exact: true }));
}

// RFC 6238 TOTP: HMAC-SHA1 over the big-endian 30-second step, 6 digits.
export function totp(secretBase32, step) {
  const key = base32Decode(secretBase32);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

export const currentStep = () => Math.floor(Date.now() / 1000 / 30);

// The server refuses a code whose step is not after the last one it accepted
// for that user (replay protection), and accepts steps now-1 .. now+1. So a
// second login within 30 s uses the next step's code, and a third waits.
const lastStep = new Map();
export async function nextTotpCode(user) {
  for (;;) {
    const now = currentStep();
    const want = Math.max(now, (lastStep.get(user.username) ?? -Infinity) + 1);
    if (want <= now + 1) {
      lastStep.set(user.username, want);
      return totp(user.totp_secret, want);
    }
    await sleep((want - 1) * 30_000 - Date.now() + 50);
  }
}

// A 6-digit code the server will not accept now for `user`.
export function wrongTotpCode(user) {
  const now = currentStep();
  const valid = new Set([-1, 0, 1, 2].map((d) => totp(user.totp_secret, now + d)));
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0; let value = 0; const out = [];
  for (const ch of clean) {
    const i = alphabet.indexOf(ch);
    assert.ok(i >= 0, `not base32: ${text}`);
    value = (value << 5) | i; bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------- accessibility

// Runs axe on the page as it is and fails on any serious or critical violation.
export async function checkA11y(page, { exclude = [] } = {}) {
  let builder = new AxeBuilder({ page });
  for (const sel of exclude) builder = builder.exclude(sel);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n'));
    const msg = `axe: ${bad.length} serious/critical violation(s) on ${page.url()}\n${lines.join('\n')}`;
    console.log(msg);
    assert.fail(msg);
  }
  return results;
}

// The text of the page's role="alert" element(s), '' when none.
export async function alertText(page) {
  const alerts = page.getByRole('alert');
  return (await alerts.allInnerTexts()).join('\n').trim();
}
