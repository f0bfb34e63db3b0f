// The child's voice in the browser. The adult side: a school contact registers
// a trusted adult, who accepts the role and makes a passphrase. The child's
// side on a phone-sized viewport: the code, a nickname, choosing the adult,
// a message, a talk request; the quick exit (button and Escape three times)
// replaces the page without leaving it in the history, and works without
// JavaScript as a plain link. Then the adult's inbox, the reply, and the
// escalation to the school contact with the child's words. axe on every page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertText, checkA11y, clickAndWait, launchBrowser, login, startInBeeld, submitLogin } from './harness.mjs';

const EXIT = 'https://www.buienradar.nl/';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe('the child\'s voice', () => {
  let app; let browser; let code;
  const words = 'Ik wil iets vertellen over thuis';

  const staffPage = async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  // A phone; the neutral site is answered locally (no network in tests).
  const phone = async ({ javaScriptEnabled = true } = {}) => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL', javaScriptEnabled, ...PHONE });
    context.setDefaultTimeout(10_000);
    await context.route(`${EXIT}**`, (route) => route.fulfill({
      status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html lang="nl"><title>Het weer</title><h1>Het weer</h1></html>',
    }));
    return context.newPage();
  };
  const enter = async (page) => {
    await page.goto('/plek');
    await page.getByLabel('Jouw code of wachtwoord').fill(code);
    await clickAndWait(page, page.getByRole('button', { name: 'Naar binnen' }));
    assert.match(page.url(), /\/plek\/thuis$/);
  };

  before(async () => {
    app = await startInBeeld({ children: 100 });
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('the school registers a trusted adult, who accepts and makes a passphrase', async () => {
    let page = await staffPage();
    await login(page, app, 'school_contact');
    await clickAndWait(page, page.getByRole('link', { name: 'Stem van het kind' }));
    await checkA11y(page);
    await clickAndWait(page, page.getByRole('link', { name: 'Vertrouwde volwassenen beheren' }));
    await checkA11y(page);
    await page.getByLabel('Medewerker').selectOption({ label: 'Demo Vertrouwenspersoon (school) (school_trusted_person)' });
    await page.getByLabel('Naam voor kinderen').fill('juf Sanne');
    await clickAndWait(page, page.getByRole('button', { name: 'Meld aan' }));
    await assert.doesNotReject(page.getByRole('cell', { name: 'juf Sanne', exact: true }).waitFor());
    assert.ok(await page.getByRole('cell', { name: 'wacht op aannemen' }).isVisible());
    await page.context().close();

    page = await staffPage();
    await login(page, app, 'school_trusted_person');
    await page.goto('/kindstem');
    await checkA11y(page);
    await clickAndWait(page, page.getByRole('button', { name: 'Ik neem de rol aan' }));
    assert.match(await page.locator('main').innerText(), /U bent vertrouwd volwassene als juf Sanne/);
    await clickAndWait(page, page.getByRole('button', { name: 'Maak een code' }));
    code = (await page.locator('#uitgegeven-code').innerText()).trim();
    assert.match(code, /^[a-z]+-[a-z]+-[a-z]+-\d\d$/);
    await checkA11y(page);
    await page.context().close();
  });

  test('the child on a phone: code, nickname, choosing the adult, a message and a talk request', async () => {
    const page = await phone();
    await page.goto('/plek');
    assert.equal(await page.title(), 'Mijn plek');
    assert.equal(await page.locator('.ib-header').count(), 0, 'no staff header');
    await checkA11y(page);
    // A wrong code: a kind message, no hint.
    await page.getByLabel('Jouw code of wachtwoord').fill('appel-appel-appel-11');
    await clickAndWait(page, page.getByRole('button', { name: 'Naar binnen' }));
    assert.match(await page.getByRole('alert').innerText(), /Deze code werkt niet/);
    await checkA11y(page);
    await page.getByLabel('Jouw code of wachtwoord').fill(code);
    await clickAndWait(page, page.getByRole('button', { name: 'Naar binnen' }));
    await checkA11y(page);
    await page.getByLabel('Jouw bijnaam').fill('Sterretje');
    await clickAndWait(page, page.getByRole('button', { name: 'Bewaar mijn bijnaam' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Hoi Sterretje');
    await page.getByLabel(/juf Sanne/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Bewaar mijn keuze' }));
    await checkA11y(page);
    // An empty message: a friendly message.
    await clickAndWait(page, page.getByRole('button', { name: 'Verstuur', exact: true }));
    assert.match(await page.getByRole('alert').innerText(), /Je bericht is nog leeg/);
    await checkA11y(page);
    await page.getByLabel('Jouw bericht').fill(words);
    await clickAndWait(page, page.getByRole('button', { name: 'Verstuur', exact: true }));
    assert.match(await page.getByRole('status').first().innerText(), /Verstuurd/);
    await page.getByLabel('morgen in de pauze').check();
    await page.getByLabel('in de kamer van mijn volwassene').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Vraag om een gesprek' }));
    const thread = await page.locator('#gesprek').innerText();
    assert.match(thread, new RegExp(words));
    assert.match(thread, /morgen in de pauze, in de kamer van mijn volwassene/);
    await clickAndWait(page, page.getByRole('link', { name: 'Lees wat er dan gebeurt' }));
    assert.match(await page.locator('main').innerText(), /Wanneer moet je volwassene het doorvertellen\?/);
    await checkA11y(page);
    // Nothing of the content in the title, and never cached.
    assert.equal(await page.title(), 'Mijn plek');
    const resp = await page.goto('/plek/thuis');
    assert.match(resp.headers()['cache-control'], /no-store/);
    await page.context().close();
  });

  test('the quick exit replaces the page and leaves no history entry; Escape three times does the same', async () => {
    let page = await phone();
    await page.goto('/plek/uitleg');  // no session: back to the code page
    await enter(page);
    const before = await page.evaluate(() => history.length);
    await page.getByRole('link', { name: 'Snel weg' }).click();
    await page.waitForURL(EXIT);
    assert.equal(await page.evaluate(() => history.length), before, 'replaced, not added');
    await page.goBack();
    assert.doesNotMatch(page.url(), /\/plek\/thuis/, 'back does not return to the exited page');
    assert.doesNotMatch(await page.content(), new RegExp(words));
    // The session ended too (the beacon may land just after the navigation).
    for (let i = 0; i < 20; i++) {
      await page.goto('/plek/thuis');
      if (/\/plek$/.test(page.url())) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.match(page.url(), /\/plek$/);
    await page.context().close();

    page = await phone();
    await enter(page);
    const n = await page.evaluate(() => history.length);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    assert.match(page.url(), /\/plek\/thuis$/, 'twice is not enough');
    await page.keyboard.press('Escape');
    await page.waitForURL(EXIT);
    assert.equal(await page.evaluate(() => history.length), n);
    await page.context().close();

    // Without JavaScript the button is a plain link to the neutral site.
    page = await phone({ javaScriptEnabled: false });
    await enter(page);
    await page.getByRole('link', { name: 'Snel weg' }).click();
    await page.waitForURL(EXIT);
    await page.context().close();
  });

  test('the adult\'s inbox: the whole thread, a reply, and escalation with the child\'s own words', async () => {
    let page = await staffPage();
    await login(page, app, 'school_trusted_person');
    await page.goto('/kindstem');
    await clickAndWait(page, page.getByRole('link', { name: 'Sterretje' }));
    await checkA11y(page);
    assert.match(await page.locator('#gesprek').innerText(), new RegExp(words));
    await page.getByLabel('Uw antwoord').fill('Fijn dat je het vertelt. Morgen in de pauze, in mijn kamer.');
    await clickAndWait(page, page.getByRole('button', { name: 'Verstuur antwoord' }));
    assert.match(await page.locator('#gesprek').innerText(), /Fijn dat je het vertelt/);
    // Escalation without consent and without a ground: refused with a message.
    await page.getByLabel(new RegExp(words)).check();
    await page.getByLabel('Uw zorg in het kort').fill('Het kind durft niet te slapen');
    await page.getByLabel('Nee', { exact: true }).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Zet door' }));
    assert.match(await page.getByRole('alert').innerText(), /noem de grond/);
    await checkA11y(page);
    await page.getByLabel(new RegExp(words)).check();
    await page.getByLabel('Ja, het kind weet het en vindt het goed').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Zet door' }));
    assert.match(page.url(), /\/kindstem\/doorgezet\/\d+$/);
    const url = new URL(page.url()).pathname;
    await checkA11y(page);
    await page.context().close();

    page = await staffPage();
    await login(page, app, 'school_contact');
    await page.goto('/kindstem/doorgezet');
    await checkA11y(page);
    await page.goto(url);
    const main = await page.locator('main').innerText();
    assert.match(main, new RegExp(words));
    assert.match(main, /Het kind durft niet te slapen/);
    assert.match(main, /Toestemming van het kind\s+ja/);
    await checkA11y(page);
    await page.context().close();

    // The child reads the reply.
    page = await phone();
    await enter(page);
    assert.match(await page.locator('#gesprek').innerText(), /juf Sanne[\s\S]*Fijn dat je het vertelt/);
    await page.context().close();
  });
  // A JIM mentor from the child's network: invited by the trusted person, the
  // mentor opens the e-mailed link on their phone, reads the role, sets a
  // password and accepts; the used link then says so; the mentor logs in and
  // lands on their inbox.
  test('a JIM mentor is invited, accepts on the confirmation page (phone) and logs in to their inbox only', async () => {
    const email = `karim.${Date.now()}@example.nl`;
    let page = await staffPage();
    await login(page, app, 'school_trusted_person');
    await page.goto('/kindstem');
    await clickAndWait(page, page.getByRole('link', { name: 'JIM-mentor uitnodigen' }));
    await checkA11y(page);
    await page.getByLabel('Naam zoals het kind die kent').fill('oom Karim');
    await page.getByLabel('E-mailadres').fill(email);
    await clickAndWait(page, page.getByRole('button', { name: 'Nodig uit' }));
    await assert.doesNotReject(page.getByRole('cell', { name: email }).waitFor());
    await checkA11y(page);
    await page.context().close();

    // The link from the e-mail (the outbox holds it until it is delivered).
    const body = execFileSync('sqlite3', [path.join(app.dir, 'e2e.db'),
      "SELECT body FROM outbox WHERE idempotency_key LIKE 'voice.jim.%' AND channel = 'email' ORDER BY id DESC LIMIT 1"], { encoding: 'utf8' });
    const token = body.match(/\/kindstem\/uitnodiging\/([A-Za-z0-9_-]{43})/)[1];

    page = await phone();
    await page.goto(`/kindstem/uitnodiging/${token}`);
    assert.ok(await page.getByRole('heading', { name: 'Uitnodiging als JIM-mentor', level: 1 }).isVisible());
    assert.ok(await page.getByText(/moet je het doorzetten/).isVisible(), 'the duty to share danger');
    assert.ok(await page.getByText(/blijft tussen jou en het kind/).isVisible(), 'confidentiality');
    await checkA11y(page);
    const password = 'oom karim leest mee 2026';
    await page.getByLabel('Kies een wachtwoord').fill(password);
    await page.getByLabel('Herhaal het wachtwoord').fill('iets anders dan dat');
    await page.getByLabel(/Ik heb gelezen wat de rol betekent/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Ik neem de rol aan' }));
    assert.match(await alertText(page), /De twee wachtwoorden zijn niet gelijk/);
    await checkA11y(page);
    await page.getByLabel('Kies een wachtwoord').fill(password);
    await page.getByLabel('Herhaal het wachtwoord').fill(password);
    await page.getByLabel(/Ik heb gelezen wat de rol betekent/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Ik neem de rol aan' }));
    assert.ok(await page.getByText(/Gelukt: je bent nu JIM-mentor/).isVisible());
    assert.ok(await page.getByText(email).isVisible(), 'the username is shown');
    await checkA11y(page);
    // The link works once.
    await page.goto(`/kindstem/uitnodiging/${token}`);
    assert.match(await alertText(page), /al gebruikt/);
    await checkA11y(page);
    // Logging in lands on the child's-voice inbox; the staff pages stay closed.
    await submitLogin(page, email, password);
    assert.match(page.url(), /\/kindstem$/);
    assert.ok(await page.getByRole('heading', { name: 'Stem van het kind', level: 1 }).isVisible());
    assert.equal(await page.getByRole('button', { name: 'Maak een code' }).count(), 0, 'no codes for a mentor');
    await checkA11y(page);
    const persons = await page.goto('/personen');
    assert.equal(persons.status(), 403);
    await page.context().close();
  });
});
