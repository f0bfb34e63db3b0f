// Logging in and out, the second factor, lock-out and the language switch.
// Each test uses its own demo user, so lock-outs and TOTP replay state of one
// test cannot disturb another.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  alertText, checkA11y, clickAndWait, enterTotp, launchBrowser, login, newPage, nextTotpCode,
  startInBeeld, submitLogin, wrongTotpCode,
} from './harness.mjs';

describe('inloggen', () => {
  let app; let browser;
  before(async () => { app = await startInBeeld(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('the login page is accessible and labelled', async () => {
    const page = await newPage(browser, app);
    await page.goto('/inloggen');
    assert.equal(await page.locator('input[name="username"]').count(), 1);
    assert.equal(await page.getByLabel('Gebruikersnaam', { exact: true }).getAttribute('name'), 'username');
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).getAttribute('name'), 'password');
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).getAttribute('type'), 'password');
    await checkA11y(page);
  });

  test('a vt_case_worker logs in with password and TOTP and sees the home page', async () => {
    const page = await newPage(browser, app);
    const u = app.user('vt_case_worker');
    await page.goto('/inloggen');
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(u.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(u.password);
    await clickAndWait(page, page.getByRole('button', { name: 'Inloggen', exact: true }));
    assert.equal(new URL(page.url()).pathname, '/inloggen/code');
    assert.equal(await page.getByLabel('Code', { exact: true }).getAttribute('name'), 'code');
    await checkA11y(page);
    await enterTotp(page, await nextTotpCode(u));
    assert.equal(new URL(page.url()).pathname, '/');
    await assertLoggedIn(page, u);
    await checkA11y(page);
  });

  test('a wrong password shows the form again with an error', async () => {
    const page = await newPage(browser, app);
    const u = await login(page, app, 'local_team', { password: 'dit-is-niet-het-wachtwoord' });
    assert.notEqual(new URL(page.url()).pathname, '/inloggen/code');
    assert.notEqual(await alertText(page), '', 'expected a role="alert" message');
    assert.equal(await page.locator('input[name="username"]').count(), 1, 'the form is shown again');
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0);
    await checkA11y(page);
    // The page must not say whether the user exists: same message for an unknown name.
    const page2 = await newPage(browser, app);
    await submitLogin(page2, `${u.username}-onbekend`, 'dit-is-niet-het-wachtwoord');
    assert.equal(await alertText(page2), await alertText(page));
  });

  test('a wrong TOTP code shows an error and does not log in', async () => {
    const page = await newPage(browser, app);
    const u = await login(page, app, 'jgz', { totp: false });
    assert.equal(new URL(page.url()).pathname, '/inloggen/code');
    await enterTotp(page, wrongTotpCode(u));
    assert.notEqual(await alertText(page), '', 'expected a role="alert" message');
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0);
    await checkA11y(page);
    const home = await page.goto('/');
    assert.ok(new URL(page.url()).pathname.startsWith('/inloggen') || home.status() === 401,
      `after a wrong code / must not be open, got ${page.url()} (${home.status()})`);
  });

  test('five wrong passwords lock the account, even for the right password', async () => {
    const page = await newPage(browser, app);
    const u = app.user('midwife');
    for (let i = 0; i < 5; i++) {
      await login(page, app, 'midwife', { password: `fout-${i}` });
    }
    const afterFifth = await alertText(page);
    await login(page, app, 'midwife', { password: u.password });
    const withRight = await alertText(page);
    assert.match(`${afterFifth}\n${withRight}`, /geblokkeerd/i);
    assert.match(withRight, /geblokkeerd/i, 'the right password must not open a locked account');
    assert.notEqual(new URL(page.url()).pathname, '/inloggen/code');
    await checkA11y(page);
  });

  test('logging out ends the session', async () => {
    const page = await newPage(browser, app);
    const u = await login(page, app, 'vt_triage');
    await assertLoggedIn(page, u);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Uitloggen' }) });
    assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'post');
    assert.notEqual(await form.locator('input[type="hidden"][name="csrf"]').getAttribute('value') ?? '', '');
    await clickAndWait(page, page.getByRole('button', { name: 'Uitloggen' }));
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0);
    await page.goto('/');
    assert.ok(new URL(page.url()).pathname.startsWith('/inloggen'), `after logout / went to ${page.url()}`);
    await page.goto('/personen?q=a');
    assert.equal(await page.locator('a[href^="/personen/"]').count(), 0, 'no person data after logout');
  });

  test('a school_contact logs in without a second factor', async () => {
    const page = await newPage(browser, app);
    const u = app.user('school_contact');
    assert.ok(!u.totp_secret, 'school_contact is expected to have no TOTP secret');
    await login(page, app, 'school_contact');
    assert.equal(new URL(page.url()).pathname, '/');
    await assertLoggedIn(page, u);
    await checkA11y(page);
  });

  test('?lang=en switches to English and a cookie keeps it', async () => {
    const page = await newPage(browser, app);
    await page.goto('/inloggen?lang=en');
    assert.equal(await page.getByRole('button', { name: 'Log in', exact: true }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await checkA11y(page);
    await page.goto('/inloggen');
    assert.equal(await page.getByRole('button', { name: 'Log in', exact: true }).count(), 1,
      'the language cookie keeps English without ?lang');
    await page.goto('/inloggen?lang=nl');
    assert.equal(await page.getByRole('button', { name: 'Inloggen', exact: true }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  });
});

// The home page names the user and offers "Uitloggen".
async function assertLoggedIn(page, u) {
  assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 1,
    `expected an Uitloggen button on ${page.url()}`);
  const body = await page.locator('body').innerText();
  const names = [u.display_name, u.name, u.full_name, u.username].filter(Boolean);
  assert.ok(names.some((n) => body.includes(n)), `expected one of ${JSON.stringify(names)} on the page`);
}
