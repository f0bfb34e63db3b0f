// The meldcode in the browser, without JavaScript: a school contact starts a
// record from the navigation, saves steps 1–3 one form at a time (a missing
// field gets its Dutch message first), answers the afwegingskader — the next
// question appears only once the previous one is answered — and reports to
// Veilig Thuis with reasons; Veilig Thuis triage sees the melding, not the
// record. Two colleagues with the same version: the second save gets the
// conflict message with its text kept. Axe on every page (in a context with
// JavaScript, which axe needs).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertText, checkA11y, clickAndWait, launchBrowser, login, startInBeeld, sqlite } from './harness.mjs';
import { amsterdamDate } from '../integration/dates.mjs';


describe('the meldcode pages', () => {
  let app; let browser; const pupils = [];

  const sql = (query) => sqlite(app, query);
  const pageFor = async (options = {}) => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL', ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  const start = async (page, pupil) => {
    await page.goto('/meldcode');
    await page.getByLabel('Registernummer').fill(String(pupil));
    await clickAndWait(page, page.getByRole('button', { name: 'Dossier starten' }));
    assert.match(page.url(), /\/meldcode\/\d+$/);
    return Number(page.url().match(/(\d+)$/)[1]);
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    const today = amsterdamDate();
    const year = Number(today.slice(0, 4));
    const rows = await sql(`SELECT p.id FROM persons p JOIN enrolments e ON e.person_id = p.id
      JOIN users u ON u.org_id = e.org_id AND u.username = 'school.contact'
      WHERE e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')
      AND p.birth_date BETWEEN '${year - 14}-01-01' AND '${year - 6}-01-01' ORDER BY p.id LIMIT 2`);
    pupils.push(...rows.split('\n').map(Number));
    assert.equal(pupils.length, 2, 'two pupils of the demo school');
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('a record step by step without JavaScript: Dutch errors, the next question, a report', async () => {
    const page = await pageFor({ javaScriptEnabled: false });
    await login(page, app, 'school_contact');
    await clickAndWait(page, page.getByRole('navigation').getByRole('link', { name: 'Meldcode', exact: true }));
    assert.match(await page.locator('h1').innerText(), /Meldcode huiselijk geweld en kindermishandeling/);
    // Nobody chosen: a Dutch message, no record.
    await clickAndWait(page, page.getByRole('button', { name: 'Dossier starten' }));
    assert.match(await alertText(page), /over wie gaat het/);
    const id = await start(page, pupils[0]);
    assert.match(await page.locator('#eerst-stappen').innerText(), /Leg eerst stap 1, 2 en 3 vast/);
    assert.equal(await page.locator('#vraag-1').count(), 0);

    // Step 1 empty: the message, nothing saved.
    await clickAndWait(page, page.locator('#bewaar-1'));
    assert.match(await alertText(page), /beschrijf de signalen/);
    await page.locator('#signalen').fill('Het kind komt vaak met blauwe plekken op school.');
    await clickAndWait(page, page.locator('#bewaar-1'));
    assert.match(await page.getByRole('status').innerText(), /Vastgelegd/);
    await page.locator('#collega').fill('Intern begeleider');
    await page.locator('#advies').fill('Eerst met moeder praten.');
    await clickAndWait(page, page.locator('#bewaar-2'));
    await page.locator('#ouders').fill('Moeder zegt dat het kind valt bij het spelen.');
    await page.locator('#kind').fill('Het kind vertelt dat vader hard slaat.');
    await clickAndWait(page, page.locator('#bewaar-3'));

    // The afwegingskader: only question 1 is shown, then question 2.
    assert.equal(await page.locator('#vraag-1').count(), 1);
    assert.equal(await page.locator('#vraag-2').count(), 0);
    await page.locator('#vraag-1-ja').check();
    await clickAndWait(page, page.locator('#antwoord-1'));
    assert.match(await alertText(page), /geef de redenen van uw antwoord/);
    await page.locator('#vraag-1-ja').check();
    await page.locator('#vraag-1-redenen').fill('Het kind vertelt zelf over geweld.');
    await clickAndWait(page, page.locator('#antwoord-1'));
    assert.equal(await page.locator('#vraag-2').count(), 1);
    assert.equal(await page.locator('#vraag-3').count(), 0);
    await page.locator('#vraag-2-ja').check();
    await page.locator('#vraag-2-redenen').fill('Structureel geweld door vader.');
    await clickAndWait(page, page.locator('#antwoord-2'));
    assert.match(await page.locator('#uitkomst').innerText(), /vraag 2: acute of structurele onveiligheid → melden bij Veilig Thuis/);
    assert.equal(await page.locator('#vraag-3').count(), 0);
    assert.equal(await page.locator('#hulp').count(), 0, 'only the decision that fits');

    // Step 5: reasons required, then the report.
    await clickAndWait(page, page.locator('#melden'));
    assert.match(await alertText(page), /waarom dit besluit/);
    await page.locator('#besluit-redenen').fill('Het kind is thuis niet veilig.');
    await clickAndWait(page, page.locator('#melden'));
    assert.match(await alertText(page), /kies minstens één vorm van geweld/);
    assert.equal(await page.locator('#besluit-redenen').inputValue(), 'Het kind is thuis niet veilig.');
    await page.getByLabel('Lichamelijke mishandeling').check();
    await clickAndWait(page, page.locator('#melden'));
    assert.match(await page.locator('#stand').innerText(), /gemeld bij Veilig Thuis/);
    assert.match(await page.locator('#besluit').innerText(), /Het kind is thuis niet veilig/);
    assert.match(await page.locator('#gebeurtenissen').innerText(), /besluit: melden bij Veilig Thuis/);
    assert.equal(await page.locator('#bewaar-1').count(), 0, 'a reported record is final');
    assert.equal(await sql(`SELECT state FROM meldcode_records WHERE id = ${id}`), 'reported');
    assert.equal(await sql(`SELECT state FROM meldcode_vt_requests WHERE record_id = ${id}`), 'forwarded', 'handed to the Veilig Thuis intake');
    await page.context().close();

    // The pages pass axe (with JavaScript).
    const a11y = await pageFor();
    await login(a11y, app, 'school_contact');
    await a11y.goto('/meldcode');
    await checkA11y(a11y);
    await a11y.goto(`/meldcode/${id}`);
    await checkA11y(a11y);
    await a11y.context().close();

    // Veilig Thuis triage: the melding, not the record.
    const vt = await pageFor();
    await login(vt, app, 'vt_triage');
    await clickAndWait(vt, vt.getByRole('navigation').getByRole('link', { name: 'Meldcode Veilig Thuis' }));
    assert.match(await vt.locator('main').innerText(), /Het kind komt vaak met blauwe plekken op school/);
    await checkA11y(vt);
    assert.equal((await vt.goto(`/meldcode/${id}`)).status(), 403);
    await vt.context().close();
  });

  test('two colleagues save the same step: the second gets the conflict, its text kept', async () => {
    const a = await pageFor({ javaScriptEnabled: false });
    const b = await pageFor({ javaScriptEnabled: false });
    await login(a, app, 'school_contact');
    await login(b, app, 'school_trusted_person');
    const id = await start(a, pupils[1]);
    await b.goto(`/meldcode/${id}`);
    await a.locator('#signalen').fill('Signalen volgens de aandachtsfunctionaris.');
    await clickAndWait(a, a.locator('#bewaar-1'));
    await b.locator('#signalen').fill('Signalen volgens de vertrouwenspersoon.');
    const [response] = await Promise.all([b.waitForNavigation({ waitUntil: 'load' }), b.locator('#bewaar-1').click()]);
    assert.equal(response.status(), 409);
    assert.match(await alertText(b), /iemand anders heeft dit dossier intussen gewijzigd/);
    assert.equal(await b.locator('#signalen').inputValue(), 'Signalen volgens de vertrouwenspersoon.');
    assert.equal(await sql(`SELECT s1_signals FROM meldcode_records WHERE id = ${id}`), 'Signalen volgens de aandachtsfunctionaris.');
    // Saving again now works (the page carries the latest version).
    await clickAndWait(b, b.locator('#bewaar-1'));
    assert.equal(await sql(`SELECT s1_signals FROM meldcode_records WHERE id = ${id}`), 'Signalen volgens de vertrouwenspersoon.');
    await a.context().close();
    await b.context().close();
  });
});
