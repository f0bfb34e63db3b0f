// Signals and the radar in the browser: a school contact registers a signal
// (field errors in Dutch first), JGZ signals the same child and both see the
// match with each other's contact details; the school takes the coordination;
// Veilig Thuis opens the radar from the review task, gives a reason, filters
// and reads the chronology — each page with the axe check.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, startInBeeld, sqlite } from './harness.mjs';
import { amsterdamDate } from '../integration/dates.mjs';


describe('signals and the radar', () => {
  let app; let browser; let pupil;

  const sql = (query) => sqlite(app, query);
  const pageFor = async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  const register = async (page, { category, phone, note }) => {
    await page.goto('/signalen/nieuw');
    await page.getByLabel('Achternaam', { exact: true }).fill(pupil.last);
    await page.getByLabel('Voornaam', { exact: true }).fill(pupil.first);
    await page.getByLabel('Geboortedatum', { exact: true }).fill(pupil.birth);
    await page.getByLabel('Soort zorg').selectOption(category);
    await page.getByLabel('ernstige zorg', { exact: true }).check();
    await page.getByLabel(/Korte notitie/).fill(note);
    await page.getByLabel('Telefoon').fill(phone);
    await clickAndWait(page, page.getByRole('button', { name: 'Signaal afgeven' }));
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    const today = amsterdamDate();
    const year = Number(today.slice(0, 4));
    // A pupil of the demo school whose name and birth date are unique in the register.
    const row = await sql(`SELECT p.id || '|' || p.first_name || '|' || p.last_name || '|' || p.birth_date FROM persons p
      JOIN enrolments e ON e.person_id = p.id JOIN users u ON u.org_id = e.org_id AND u.username = 'school.contact'
      WHERE e.from_date <= '${today}' AND (e.to_date IS NULL OR e.to_date >= '${today}') AND p.tussenvoegsel = ''
      AND p.birth_date BETWEEN '${year - 14}-01-01' AND '${year - 6}-01-01'
      AND (SELECT count(*) FROM persons q WHERE q.last_name = p.last_name AND q.birth_date = p.birth_date) = 1
      ORDER BY p.id LIMIT 1`);
    const [id, first, last, birth] = row.split('|');
    pupil = { id, first, last, birth };
    assert.ok(pupil.id, 'a pupil of the demo school');
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('a school contact registers a signal; missing fields get Dutch messages first', async () => {
    const page = await pageFor();
    await login(page, app, 'school_contact');
    await clickAndWait(page, page.getByRole('link', { name: 'Signalen' }));
    await checkA11y(page);
    await page.goto('/signalen/nieuw');
    await checkA11y(page);
    await page.getByLabel('Telefoon').fill('');
    await page.locator('#categorie').evaluate((el) => el.removeAttribute('required'));
    await clickAndWait(page, page.getByRole('button', { name: 'Signaal afgeven' }));
    const alert = await page.locator('[role="alert"]').innerText();
    assert.match(alert, /kies een categorie/);
    assert.match(alert, /geef een BSN, of achternaam en geboortedatum/);
    await checkA11y(page);
    await register(page, { category: 'safety_at_home', phone: '010-7654321', note: 'Vertrouwelijk: zag blauwe plekken' });
    assert.equal(new URL(page.url()).pathname, '/signalen');
    assert.match(await page.locator('[role="status"]').innerText(), /vastgelegd/);
    assert.match(await page.locator('#eigen-signalen').innerText(), new RegExp(pupil.first));
    await checkA11y(page);
    await page.context().close();
  });

  test('JGZ signals the same child: both see the match, and the school takes coordination', async () => {
    const jgz = await pageFor();
    await login(jgz, app, 'jgz');
    await register(jgz, { category: 'neglect', phone: '030-1112223', note: 'JGZ: groeicurve vlak' });
    assert.match(await jgz.locator('[role="status"]').innerText(), /Nieuwe matches: 1/);
    const jgzMatch = jgz.locator('section[id^="match-"]').first();
    assert.match(await jgzMatch.innerText(), /010-7654321/);
    assert.doesNotMatch(await jgzMatch.innerText(), /blauwe plekken/);
    await checkA11y(jgz);

    const school = await pageFor();
    await login(school, app, 'school_contact');
    await school.goto('/signalen');
    const match = school.locator('section[id^="match-"]').first();
    assert.match(await match.innerText(), /030-1112223/);
    assert.doesNotMatch(await match.innerText(), /groeicurve/);
    await clickAndWait(school, match.getByRole('button', { name: /Ik word regievoerder/ }));
    assert.match(await school.locator('section[id^="match-"]').first().innerText(), /Regievoerder\s+uw organisatie/);
    await checkA11y(school);

    await jgz.goto('/signalen');
    assert.match(await jgz.locator('section[id^="match-"]').first().innerText(), /opgevolgd/);
    await jgz.context().close();
    await school.context().close();
  });

  test('Veilig Thuis reads the radar: a reason first, then a printable chronology with filters', async () => {
    // A third signal makes the accumulation rule fire (2 school events are not needed: school + JGZ + local team).
    const team = await pageFor();
    await login(team, app, 'local_team');
    await register(team, { category: 'parental_problems', phone: '06-99887766', note: 'Wijkteam: schulden' });
    await team.context().close();

    const page = await pageFor();
    await login(page, app, 'vt_triage');
    await clickAndWait(page, page.getByRole('link', { name: 'Radar' }));
    await checkA11y(page);
    const task = page.locator('section[id^="taak-"]', { hasText: pupil.first }).first();
    assert.match(await task.innerText(), /3 signalen van 3 organisaties binnen 90 dagen/);
    await clickAndWait(page, task.getByRole('link', { name: /Bekijk de radar/ }));
    await checkA11y(page);
    // No reason: refused, nothing shown.
    await page.locator('#reden').evaluate((el) => el.removeAttribute('required'));
    await clickAndWait(page, page.getByRole('button', { name: 'Toon de chronologie' }));
    assert.match(await page.locator('[role="alert"]').innerText(), /reden/);
    assert.equal(await page.locator('#chronologie').count(), 0);
    await page.getByLabel(/Reden van deze raadpleging/).fill('Triage na radartaak');
    await clickAndWait(page, page.getByRole('button', { name: 'Toon de chronologie' }));
    const table = await page.locator('#chronologie').innerText();
    for (const org of [/groeicurve vlak/, /blauwe plekken/, /schulden/, /Radartaak/]) assert.match(table, org);
    await checkA11y(page);
    // Print: no navigation or forms on paper.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header').isVisible(), false);
    assert.equal(await page.locator('#radar-form').isVisible(), false);
    assert.equal(await page.locator('#chronologie').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    // Filter: only matches.
    for (const k of ['signal', 'hwc', 'review']) await page.locator(`#soort-${k}`).uncheck();
    await clickAndWait(page, page.getByRole('button', { name: 'Toon de chronologie' }));
    const kinds = await page.locator('#chronologie tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(kinds.length >= 2 && kinds.every((k) => k === 'match'), JSON.stringify(kinds));
    const logged = await sql(`SELECT count(*) FROM audit_log WHERE person_id = ${pupil.id} AND reason = 'Triage na radartaak'`);
    assert.ok(Number(logged) >= 2, 'every lookup recorded with its reason');
    // Close the task with its outcome.
    await page.goto('/radar');
    const t = page.locator('section[id^="taak-"]', { hasText: pupil.first }).first();
    await t.getByLabel(/Uitkomst/).fill('Besproken; VT belt de school');
    await clickAndWait(page, t.getByRole('button', { name: 'Taak afsluiten' }));
    assert.equal(await page.locator('section[id^="taak-"]', { hasText: pupil.first }).count(), 0);
    await page.context().close();
  });
});
