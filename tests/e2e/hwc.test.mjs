// Handle with Care in the browser: the officer's form on a phone (375×667),
// the school inbox with "Gezien", and the police/VT dashboard — each page
// with the axe check (no serious or critical violations).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, startInBeeld } from './harness.mjs';

const execFileP = promisify(execFile);

describe('Handle with Care', () => {
  let app; let browser; let pupil;

  const sql = async (query) => (await execFileP('sqlite3', ['-batch', '-cmd', '.timeout 10000', path.join(app.dir, 'e2e.db'), query])).stdout.trim();
  const pageFor = async (options = {}) => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL', ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const row = await sql(`SELECT p.id || '|' || p.first_name || '|' || h.postcode || '|' || h.house_number
      FROM persons p JOIN households h ON h.id = p.household_id JOIN enrolments e ON e.person_id = p.id
      JOIN users u ON u.org_id = e.org_id AND u.username = 'school.contact'
      WHERE e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}')
      AND p.birth_date BETWEEN '${year - 16}-01-01' AND '${year - 6}-01-01' ORDER BY p.id LIMIT 1`);
    const [id, first, postcode, house] = row.split('|');
    pupil = { id, first, postcode, house };
    assert.ok(pupil.id, 'a pupil of the demo school');
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('the officer\'s form on a phone: address, children proposed, sent in a few taps', async () => {
    const page = await pageFor({ viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });
    await login(page, app, 'police');
    const t0 = Date.now();
    await page.goto('/hwc/melden');
    await checkA11y(page);
    await page.getByLabel('Postcode', { exact: true }).fill(pupil.postcode);
    await page.getByLabel('Huisnummer', { exact: true }).fill(pupil.house);
    await clickAndWait(page, page.getByRole('button', { name: 'Zoek kinderen op dit adres' }));
    const box = page.locator(`#kind-${pupil.id}`);
    assert.equal(await box.isChecked(), true, 'the children at the address are proposed, checked');
    await page.locator(`label[for="aanwezig-${pupil.id}"]`).tap();
    await checkA11y(page);
    // One screen wide: no sideways scrolling on a phone.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375 + 1), 'fits 375 px');
    const when = await page.getByLabel('Datum en tijd', { exact: true }).inputValue();
    const send = page.getByRole('button', { name: 'Verstuur signaal' });
    assert.ok((await send.boundingBox()).height >= 32, 'a big enough button to tap');
    await clickAndWait(page, send);
    assert.match(await page.locator('h1').innerText(), /Signaal verstuurd/);
    assert.ok(await page.locator('#signalen li').count() >= 1);
    await checkA11y(page);
    assert.ok(Date.now() - t0 < 60_000, 'well under a minute');
    // Back and send the same incident again: nothing twice.
    await page.goBack();
    await page.getByLabel('Datum en tijd', { exact: true }).fill(when);
    await clickAndWait(page, page.getByRole('button', { name: 'Verstuur signaal' }));
    assert.match(await page.locator('[role="status"]').innerText(), /al gemeld/);
    await page.context().close();
  });

  test('the school inbox: the pupil\'s notice, "Gezien" and support', async () => {
    const page = await pageFor();
    await login(page, app, 'school_contact');
    await page.goto('/hwc/postvak');
    await checkA11y(page);
    // Siblings at the same address may have notices too: take the pupil's.
    const section = page.locator('section[id^="signaal-"]', { hasText: pupil.first }).first();
    const sectionId = await section.getAttribute('id');
    assert.match(await section.locator('h2').innerText(), new RegExp(pupil.first));
    await clickAndWait(page, section.getByRole('button', { name: /^Gezien/ }));
    const mine = page.locator(`#${sectionId}`);
    assert.match(await mine.innerText(), /Gezien op/);
    await mine.getByLabel('Steun aangeboden').check();
    await mine.getByLabel('Gesprek met vertrouwenspersoon').selectOption('ja');
    await clickAndWait(page, mine.getByRole('button', { name: 'Vastleggen' }));
    assert.match(await page.locator(`#${sectionId}`).innerText(), /Vastgelegd/);
    await checkA11y(page);
    await page.context().close();
  });

  test('the dashboard for police and Veilig Thuis: states, timestamps, filters, daily review', async () => {
    const page = await pageFor();
    await login(page, app, 'police');
    await page.goto('/hwc/overzicht');
    await checkA11y(page);
    assert.ok(await page.locator('#signalen tbody tr[data-state="acknowledged"]').count() >= 1);
    await page.getByLabel('Status', { exact: true }).selectOption('acknowledged');
    await clickAndWait(page, page.getByRole('button', { name: 'Filteren' }));
    const states = await page.locator('#signalen tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.state));
    assert.ok(states.length >= 1 && states.every((s) => s === 'acknowledged'), states.join());
    await clickAndWait(page, page.getByRole('link', { name: 'Dagelijkse controle van vandaag' }));
    await checkA11y(page);
    await page.context().close();
  });
});
