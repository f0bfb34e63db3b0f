// Hostile strings in every HTML form a role can reach (issue 9, "injection
// and access"): per demo role, crawl from the start page along same-origin
// links (bounded; never the logout form, the quick exit or another site),
// then fill every text input and textarea of every form found with hostile
// strings (hostile_strings.mjs) and submit it through the browser, with the
// form's own CSRF token. Never a 5xx, never a JavaScript dialog, never a
// payload that runs (window.__pwned) or becomes markup (an element with
// data-pwned, an <img src=x>), on the answer and on the page the form was on.
//
// The child's place (/plek) is crawled too, with a code from a trusted adult.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { launchBrowser, login, newPage, startInBeeld } from './harness.mjs';
import { HOSTILE } from '../integration/hostile_strings.mjs';

const execFileP = promisify(execFile);
const ROLES = ['police', 'vt_triage', 'vt_supervisor', 'school_contact', 'school_trusted_person', 'jgz', 'admin'];
const MAX_PAGES = Number(process.env.INBEELD_FORMS_MAX_PAGES || 30);

// The strings a browser fills in: the script and markup payloads of the
// library, several to a string (each submit takes a page load), and a few
// others a form may choke on (control characters, long text, Unicode).
const markup = HOSTILE.filter((s) => /pwned/.test(s));
const PAYLOADS = [
  markup.slice(0, Math.ceil(markup.length / 2)).join(' '),
  markup.slice(Math.ceil(markup.length / 2)).join(' '),
  "Robert'); DROP TABLE persons;-- {{csrf}} ../../../../etc/passwd %s%n",
  'x\r\nSet-Cookie: pwned=1 nul\u0000byte 👧🏽 Zoë \u202Eevil',
  'y'.repeat(5000),
];

// Links never followed, forms never sent: they end the session or leave.
const NEVER = /^\/(uitloggen|plek\/weg|static\/)|^\/api\//;

describe('hostile strings in every form', () => {
  let app;
  let browser;
  const failures = [];
  const counts = { pages: 0, forms: 0, submits: 0 };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  // Collects 5xx answers, dialogs and page errors on `page`.
  function watch(page, where) {
    page.on('dialog', async (d) => {
      failures.push(`${where()}: a ${d.type()} dialog: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    page.on('response', (r) => {
      if (r.status() >= 500) failures.push(`${where()}: ${r.status()} from ${r.request().method()} ${r.url()}`);
    });
  }

  async function pwned(page) {
    return page.evaluate(() => ({
      ran: window.__pwned !== undefined,
      markup: document.querySelectorAll('[data-pwned], img[src="x"], svg[onload], [onfocus*="pwned"]').length,
    })).catch(() => ({ ran: false, markup: 0 }));
  }

  // Same-origin pages reachable from `start`, breadth first, at most MAX_PAGES.
  async function crawl(page, start) {
    const seen = new Set([start]);
    const queue = [start];
    const pages = [];
    while (queue.length && pages.length < MAX_PAGES) {
      const p = queue.shift();
      const r = await page.goto(p, { waitUntil: 'load' });
      counts.pages++;
      if (!r || r.status() >= 500) failures.push(`GET ${p}: ${r?.status()}`);
      if (!r || r.status() !== 200) continue;
      pages.push(p);
      const hrefs = await page.$$eval('a[href]:not([data-quick-exit])', (as) => as.map((a) => a.getAttribute('href')));
      for (const h of hrefs) {
        const u = new URL(h, app.baseUrl);
        if (u.origin !== app.baseUrl) continue;
        const key = u.pathname + u.search;
        if (NEVER.test(u.pathname) || seen.has(key)) continue;
        // One of each kind of page: /personen/1 and /personen/2 have the same forms.
        const shape = u.pathname.replace(/\/\d+/g, '/N');
        if ([...seen].some((s) => s.split('?')[0].replace(/\/\d+/g, '/N') === shape)) continue;
        seen.add(key);
        queue.push(key);
      }
    }
    return pages;
  }

  // Every form on `p` with a text field: index, action, and its text fields.
  async function formsOn(page, p) {
    await page.goto(p, { waitUntil: 'load' });
    return page.$$eval('form', (forms) => forms.map((f) => ({
      rawAction: f.getAttribute('action') || '',
      nth: forms.filter((g) => g.getAttribute('action') === f.getAttribute('action')).indexOf(f),
      action: new URL(f.getAttribute('action') || location.pathname, location.href).pathname,
      method: (f.getAttribute('method') || 'get').toLowerCase(),
      fields: [...f.querySelectorAll('input, textarea')]
        .filter((e) => e.tagName === 'TEXTAREA' || ['text', 'search', 'email', 'tel', 'url', ''].includes((e.getAttribute('type') || '').toLowerCase()))
        .filter((e) => !e.disabled && !e.readOnly && e.name)
        .map((e) => e.name),
    })).filter((f) => f.fields.length > 0));
  }

  async function attackForms(page, pages, who) {
    let where = '';
    watch(page, () => where);
    const done = new Set();
    for (const p of pages) {
      for (const form of await formsOn(page, p)) {
        const key = `${form.method} ${form.action.replace(/\/\d+/g, '/N')} ${form.fields.join(',')}`;
        if (NEVER.test(form.action) || done.has(key)) continue;
        done.add(key);
        counts.forms++;
        for (const payload of PAYLOADS) {
          where = `${who} ${p} form ${form.method.toUpperCase()} ${form.action} ${JSON.stringify(payload).slice(0, 50)}`;
          await page.goto(p, { waitUntil: 'load' });
          // The same form (by action and method) where the page has it now:
          // an earlier submit may have changed the page.
          const f = page.locator(form.rawAction ? `form[action="${form.rawAction}"]` : 'form:not([action])').nth(form.nth);
          if (await f.count() === 0 || await f.locator(`[name="${form.fields[0]}"]`).count() === 0) break;
          for (const name of form.fields) {
            if (await f.locator(`[name="${name}"]`).count() === 0) continue;
            // Fill through the DOM: maxlength and patterns are the browser's,
            // the server must hold without them.
            await f.locator(`[name="${name}"]`).first().evaluate((e, v) => {
              e.removeAttribute('maxlength');
              e.removeAttribute('pattern');
              e.removeAttribute('required');
              e.value = v;
            }, payload);
          }
          counts.submits++;
          const nav = page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }).catch(() => null);
          await f.evaluate((el) => { el.noValidate = true; el.requestSubmit(); });
          const resp = await nav;
          if (resp && resp.status() >= 500) failures.push(`${where}: ${resp.status()}`);
          const after = await pwned(page);
          if (after.ran) failures.push(`${where}: the payload ran (window.__pwned)`);
          if (after.markup) failures.push(`${where}: the payload became markup (${after.markup} elements)`);
        }
        // And the page the form was on, with whatever it stored.
        await page.goto(p, { waitUntil: 'load' });
        const again = await pwned(page);
        if (again.ran || again.markup) failures.push(`${who} ${p} after its forms: a payload ran or became markup`);
      }
    }
  }

  for (const role of ROLES) {
    test(`${role}: every form on every reachable page`, async () => {
      const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await login(page, app, role);
      const pages = await crawl(page, '/');
      assert.ok(pages.length >= 2, `${role}: only ${pages.length} pages reached`);
      await attackForms(page, pages, role);
      // Still logged in: the crawl and the forms did not end the session.
      const home = await page.goto('/', { waitUntil: 'load' });
      assert.equal(new URL(page.url()).pathname, '/', `${role} was logged out (at ${page.url()}, ${home?.status()})`);
      await context.close();
      console.log(`# forms: ${role}: ${pages.length} pages; so far ${counts.forms} forms, ${counts.submits} submits`);
      assert.deepEqual(failures.splice(0), []);
    });
  }

  test('the child\'s place: every form', async () => {
    // A trusted adult is registered and hands out a passphrase (the API), the
    // child opens the place with it.
    const api = async (role, method, p, body) => {
      const u = app.user(role);
      const r = await fetch(`${app.baseUrl}/api/v1/sessions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u.username, password: u.password }),
      });
      const { token } = await r.json();
      const res = await fetch(`${app.baseUrl}${p}`, {
        method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    };
    const { stdout } = await execFileP('sqlite3', [path.join(app.dir, 'e2e.db'),
      `SELECT id FROM users WHERE username = '${app.user('school_contact').username}'`]);
    let r = await api('school_contact', 'POST', '/api/v1/voice/adults', { user_id: Number(stdout.trim()), kind: 'hwc_contact', display_name: 'meester Ahmed' });
    // 409: a role's crawl registered them already (the form on /kindstem/volwassenen).
    assert.ok(r.status === 201 || r.status === 409, JSON.stringify(r.json));
    for (let i = 0; i < 100 && (r = await api('school_contact', 'POST', '/api/v1/voice/me/accept')).status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(r.status, 200);
    r = await api('school_contact', 'POST', '/api/v1/voice/codes', { kind: 'passphrase' });
    assert.equal(r.status, 201);
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/plek');
    await page.locator('input[name="code"]').fill(r.json.code);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type="submit"], form input[type="submit"]').first().click()]);
    assert.equal(new URL(page.url()).pathname, '/plek/thuis');
    // Choose the adult first, so that the message forms take messages.
    const choose = page.locator('form[action="/plek/kiezen"]');
    if (await choose.count()) {
      await choose.locator('input[type="radio"], select').first().check().catch(() => {});
      await Promise.all([page.waitForNavigation(), choose.evaluate((f) => f.requestSubmit())]);
    }
    const pages = await crawl(page, '/plek/thuis');
    await attackForms(page, pages, 'child');
    console.log(`# forms: child: ${pages.length} pages; in all ${counts.pages} page views, ${counts.forms} forms, ${counts.submits} submits`);
    assert.deepEqual(failures.splice(0), []);
  });
});
