// The Veilig Thuis workflow in the browser: a JGZ professional reports a child
// (the empty form first: Dutch field messages), Veilig Thuis triage finds it in
// the queue (nearest deadline first), opens the case with the family and the
// deadlines, records the safety assessment; a second tab with the old version
// gets the conflict message instead of overwriting; the supervisor's dashboard
// — each page with the axe check.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, startInBeeld, sqlite } from './harness.mjs';


describe('Veilig Thuis', () => {
  let app; let browser; const f = {};

  const sql = (query) => sqlite(app, query);
  const pageFor = async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  const report = async (page, child, summary) => {
    await page.goto('/vt/melden');
    await page.getByLabel(/nummer van het kind in het register/).fill(String(child.id));
    await page.getByLabel('Getuige van huiselijk geweld').check();
    await page.getByLabel('Wat is er gezien of gehoord?').fill(summary);
    await page.getByLabel('Veilig Thuis-regio').selectOption(String(f.vt));
    await clickAndWait(page, page.getByRole('button', { name: 'Melding versturen' }));
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    f.vt = await sql("SELECT org_id FROM users WHERE role = 'vt_triage' ORDER BY id LIMIT 1");
    const rows = (await sql(`SELECT id || '|' || first_name || '|' || last_name FROM persons WHERE relation = 'child'
      AND tussenvoegsel = '' ORDER BY id LIMIT 2`)).split('\n');
    [f.a, f.b] = rows.map((l) => { const [id, first, last] = l.split('|'); return { id, first, last }; });
    assert.ok(f.a && f.b, 'two children');
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('a professional reports: the empty form gets Dutch messages, then the report is received', async () => {
    const page = await pageFor();
    await login(page, app, 'jgz');
    await clickAndWait(page, page.getByRole('link', { name: 'Melden bij Veilig Thuis' }));
    await checkA11y(page);
    await clickAndWait(page, page.getByRole('button', { name: 'Melding versturen' }));
    const errors = await page.locator('#fouten').innerText();
    assert.match(errors, /noem minstens één kind/);
    assert.match(errors, /kies minstens één vorm van geweld/);
    assert.match(errors, /beschrijf wat er is gezien of gehoord/);
    await checkA11y(page);
    await report(page, f.a, 'Kind vertelt over harde ruzies thuis (e2e).');
    assert.match(await page.locator('#melding-opgeslagen').innerText(), /ontvangen door Veilig Thuis/);
    await report(page, f.b, 'Tweede melding voor het conflict (e2e).');
    await page.context().close();
  });

  test('triage: the queue, the case with family and deadlines, the assessment', async () => {
    const page = await pageFor();
    await login(page, app, 'vt_triage');
    await clickAndWait(page, page.getByRole('link', { name: 'Veilig Thuis', exact: true }));
    await checkA11y(page);
    const rows = page.locator('#wachtrij tbody tr');
    assert.ok(await rows.count() >= 2);
    f.first = await sql(`SELECT r.id FROM vt_reports r JOIN vt_report_persons p ON p.report_id = r.id WHERE p.person_id = ${f.a.id}`);
    f.second = await sql(`SELECT r.id FROM vt_reports r JOIN vt_report_persons p ON p.report_id = r.id WHERE p.person_id = ${f.b.id}`);
    await clickAndWait(page, page.getByRole('link', { name: `Melding ${f.first}`, exact: true }));
    assert.match(await page.locator('#gezin').innerText(), new RegExp(f.a.last));
    assert.match(await page.locator('#termijnen').innerText(), /Veiligheidsbeoordeling vóór/);
    assert.match(await page.locator('#soort-melding').innerText(), /nieuwe melding/);
    await checkA11y(page);
    // Without reasons: a Dutch message, nothing saved.
    await page.getByLabel('Voorwaarden & Vervolg').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Beoordeling opslaan' }));
    assert.match(await page.locator('#fouten').innerText(), /geef de redenen van de beslissing/);
    await page.getByLabel('Voorwaarden & Vervolg').check();
    await page.getByLabel('Redenen van de beslissing').fill('Ouders werken mee; veiligheidsafspraken met het gezin.');
    await clickAndWait(page, page.getByRole('button', { name: 'Beoordeling opslaan' }));
    assert.match(await page.locator('#beoordeling-opgeslagen').innerText(), /vastgelegd/);
    assert.match(await page.locator('#uitkomst').innerText(), /Voorwaarden & Vervolg/);
    await checkA11y(page);
    await page.context().close();
  });

  test('two workers save the same case: the second gets the conflict, not an overwrite', async () => {
    const one = await pageFor();
    const two = await pageFor();
    await login(one, app, 'vt_triage');
    await login(two, app, 'vt_case_worker');
    await one.goto(`/vt/meldingen/${f.second}`);
    await two.goto(`/vt/meldingen/${f.second}`);
    await one.getByLabel('afsluiten', { exact: true }).check();
    await one.getByLabel('Redenen van de beslissing').fill('Geen zorgen na gesprek met school.');
    await clickAndWait(one, one.getByRole('button', { name: 'Beoordeling opslaan' }));
    assert.match(await one.locator('#uitkomst').innerText(), /afsluiten/);
    await two.getByLabel('Veilig Thuis doet onderzoek').check();
    await two.getByLabel('Redenen van de beslissing').fill('Onderzoek nodig.');
    await clickAndWait(two, two.getByRole('button', { name: 'Beoordeling opslaan' }));
    assert.match(await two.locator('[role=alert]').innerText(), /Iemand anders heeft deze melding intussen opgeslagen/);
    assert.equal(await sql(`SELECT outcome || '|' || version FROM vt_reports WHERE id = ${f.second}`), 'close|2');
    await checkA11y(two);
    await one.context().close();
    await two.context().close();
  });

  test('the supervisor dashboard', async () => {
    const page = await pageFor();
    await login(page, app, 'vt_supervisor');
    await page.goto('/vt');
    await clickAndWait(page, page.getByRole('link', { name: 'Dashboard leidinggevende' }));
    assert.match(await page.locator('#op-tijd').innerText(), /100%/);
    await checkA11y(page);
    await page.context().close();
  });
});
