// Handle with Care in the browser: the officer's form on a phone (375×667),
// the school inbox with "Gezien", and the police/VT dashboard — each page
// with the axe check (no serious or critical violations).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, startInBeeld, sqlite } from './harness.mjs';
import { amsterdamDate } from '../integration/dates.mjs';


describe('Handle with Care', () => {
  let app; let browser; let pupil;

  const sql = (query) => sqlite(app, query);
  const pageFor = async (options = {}) => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL', ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    const today = amsterdamDate();
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

  test('the school contact sets the school\'s own days off on a page, without JavaScript, in Dutch and English', async () => {
    // Without JavaScript: the plain form does everything (axe needs JavaScript: checked below).
    const page = await pageFor({ javaScriptEnabled: false });
    await login(page, app, 'school_contact');
    await clickAndWait(page, page.getByRole('navigation').getByRole('link', { name: 'Schoolinstellingen' }));
    assert.match(page.url(), /\/hwc\/scholen\/\d+\/instellingen$/);
    const school = page.url().match(/scholen\/(\d+)/)[1];
    assert.match(await page.locator('h1').innerText(), /Eigen vrije dagen en schooldagen/);
    // A line that is no date: a Dutch error naming the line, the input kept.
    await page.getByLabel('Eigen vrije dagen en studiedagen').fill('2030-03-04\nna de kerst');
    await clickAndWait(page, page.getByRole('button', { name: 'Opslaan' }));
    assert.match(await page.locator('[role="alert"]').innerText(), /regel 2: schrijf een datum/);
    assert.equal(await page.getByLabel('Eigen vrije dagen en studiedagen').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Eigen vrije dagen en studiedagen').inputValue(), '2030-03-04\nna de kerst');
    await page.getByLabel('Eigen vrije dagen en studiedagen').fill('2030-03-04\n2030-02-18 t/m 2030-02-22');
    await page.getByLabel('Extra schooldagen (in een regionale vakantie)').fill('2030-02-25');
    await clickAndWait(page, page.getByRole('button', { name: 'Opslaan' }));
    assert.match(await page.locator('#opgeslagen').innerText(), /opgeslagen/);
    // Stored, sorted, as the page shows them again.
    assert.equal(await page.getByLabel('Eigen vrije dagen en studiedagen').inputValue(), '2030-02-18 t/m 2030-02-22\n2030-03-04\n');
    assert.equal(await sql(`SELECT group_concat(kind || ':' || first_day || '..' || last_day, ' ') FROM (SELECT * FROM hwc_school_days WHERE org_id = ${school} ORDER BY kind, first_day)`),
      'off:2030-02-18..2030-02-22 off:2030-03-04..2030-03-04 school:2030-02-25..2030-02-25');
    assert.ok(Number(await sql(`SELECT count(*) FROM audit_log WHERE object_type = 'hwc_school' AND action = 'write'`)) >= 1, 'logged');
    // Another school's page: refused.
    const other = await sql(`SELECT id FROM organisations WHERE kind = 'school' AND id <> ${school} ORDER BY id LIMIT 1`);
    assert.equal((await page.goto(`/hwc/scholen/${other}/instellingen`)).status(), 403);
    await page.context().close();

    // The same page with the axe check: as saved, with an error, and in English.
    const checked = await pageFor();
    await login(checked, app, 'school_contact');
    await checked.goto(`/hwc/scholen/${school}/instellingen`);
    await checkA11y(checked);
    await checked.getByLabel('Extra schooldagen (in een regionale vakantie)').fill('2030-02-31');
    await clickAndWait(checked, checked.getByRole('button', { name: 'Opslaan' }));
    assert.match(await checked.locator('[role="alert"]').innerText(), /regel 1/);
    await checkA11y(checked);
    await checked.goto(`/hwc/scholen/${school}/instellingen?lang=en`);
    assert.match(await checked.locator('h1').innerText(), /Own days off and school days/);
    assert.equal(await checked.getByLabel('Own days off and study days').inputValue(), '2030-02-18 t/m 2030-02-22\n2030-03-04\n');
    await checkA11y(checked);
    await checked.context().close();
  });

  test('the administrator sets a region\'s Handle with Care settings on a page', async () => {
    const page = await pageFor();
    await login(page, app, 'admin');
    await clickAndWait(page, page.getByRole('navigation').getByRole('link', { name: 'Regio-instellingen' }));
    await checkA11y(page);
    const first = page.locator('#regios tbody a').first();
    const name = await first.innerText();
    await clickAndWait(page, first);
    await checkA11y(page);
    await page.getByLabel('Minimumleeftijd (jonger: leerplichtbureau)').fill('12');
    await page.getByLabel('Maximumleeftijd (ouder: geen signaal)').fill('10');
    await clickAndWait(page, page.getByRole('button', { name: 'Opslaan' }));
    assert.match(await page.locator('[role="alert"]').innerText(), /maximumleeftijd is lager dan de minimumleeftijd/);
    await checkA11y(page);
    await page.getByLabel('Minimumleeftijd (jonger: leerplichtbureau)').fill('0');
    await page.getByLabel('Maximumleeftijd (ouder: geen signaal)').fill('18');
    await page.getByLabel('Het signaal zegt of het kind aanwezig was').check();
    await page.getByLabel('Politie', { exact: true }).uncheck();
    await page.getByLabel('Gemeenten').fill('GM0363');
    await clickAndWait(page, page.getByRole('button', { name: 'Opslaan' }));
    assert.match(await page.locator('#opgeslagen').innerText(), /opgeslagen/);
    assert.equal(await page.getByLabel('Politie', { exact: true }).isChecked(), false);
    assert.equal(await sql(`SELECT min_age || '|' || max_age || '|' || include_present || '|' || registrant_roles FROM hwc_regions`),
      '0|18|1|vt_triage,vt_case_worker,vt_supervisor');
    await page.goto('/hwc/regios');
    assert.match(await page.locator('#regios').innerText(), new RegExp(`${name.trim()}[\\s\\S]*0–18`));
    await checkA11y(page);
    await page.context().close();
  });
});
