// Record linkage in the browser: the police signals a child with twins'
// surname, birth date and address but another first name; a Veilig Thuis
// supervisor lets the linker look now, sees the proposals with the signal and
// each twin side by side, rejects one and confirms the other — each page with
// the axe check.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, startInBeeld, sqlite } from './harness.mjs';


describe('record linkage', () => {
  let app; let browser; let twin;

  const sql = (query) => sqlite(app, query);
  const pageFor = async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-NL' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    const row = await sql(`SELECT p.id || '|' || t.id || '|' || p.last_name || '|' || p.birth_date || '|' || h.postcode || '|' || h.house_number
      FROM persons p JOIN persons t ON t.household_id = p.household_id AND t.id > p.id AND t.birth_date = p.birth_date
      AND t.relation = 'child' JOIN households h ON h.id = p.household_id
      WHERE p.relation = 'child' AND p.birth_date > '2008-01-01' ORDER BY p.id LIMIT 1`);
    const [id, other, last, birth, postcode, number] = row.split('|');
    twin = { id, other, last, birth, postcode, number };
    assert.ok(twin.id, 'twins in the demo population');
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  test('twins: proposed side by side, one rejected, the other confirmed', async () => {
    const police = await pageFor();
    await login(police, app, 'police');
    await police.goto('/signalen/nieuw');
    await police.getByLabel('Voornaam', { exact: true }).fill('Xaviera');
    await police.getByLabel('Achternaam', { exact: true }).fill(twin.last);
    await police.getByLabel('Geboortedatum', { exact: true }).fill(twin.birth);
    await police.getByLabel('Postcode', { exact: true }).fill(twin.postcode);
    await police.getByLabel('Huisnummer', { exact: true }).fill(twin.number);
    await police.getByLabel('Soort zorg').selectOption('safety_at_home');
    await police.getByLabel('ernstige zorg', { exact: true }).check();
    await police.getByLabel('Telefoon').fill('010-7654321');
    await clickAndWait(police, police.getByRole('button', { name: 'Signaal afgeven' }));
    const signalId = await sql(`SELECT id FROM signals WHERE subject_first_name = 'Xaviera' AND person_id IS NULL`);
    assert.ok(signalId, 'the signal is unlinked');

    const vt = await pageFor();
    await login(vt, app, 'vt_supervisor');
    await clickAndWait(vt, vt.getByRole('link', { name: 'Koppelen' }));
    await checkA11y(vt);
    await clickAndWait(vt, vt.getByRole('button', { name: 'Nu nieuwe signalen bekijken' }));
    await assert.doesNotReject(vt.getByRole('status').waitFor());
    const heading = vt.getByRole('heading', { name: new RegExp(`Signaal ${signalId} van`) });
    await heading.waitFor();
    await checkA11y(vt);
    const reviewOf = async (person) => sql(`SELECT id FROM linkage_reviews WHERE signal_id = ${signalId} AND person_id = ${person}`);
    const keep = await reviewOf(twin.id);
    const drop = await reviewOf(twin.other);
    assert.ok(keep && drop, 'both twins proposed');
    const table = vt.locator(`#voorstel-${keep}`);
    assert.match(await table.innerText(), /Xaviera/);
    assert.match(await table.innerText(), new RegExp(twin.birth));

    await clickAndWait(vt, vt.locator(`#afwijs-${drop}`));
    assert.match(await vt.getByRole('status').innerText(), /Afgewezen/);
    assert.equal(await vt.locator(`#voorstel-${drop}`).count(), 0);
    await checkA11y(vt);
    await clickAndWait(vt, vt.locator(`#bevestig-${keep}`));
    assert.match(await vt.getByRole('status').innerText(), /gekoppeld/);
    assert.equal(await sql(`SELECT person_id FROM signals WHERE id = ${signalId}`), twin.id);
    assert.equal(await sql(`SELECT kind FROM linkage_decisions WHERE signal_id = ${signalId} AND person_id = ${twin.other}`), 'cannot_link');
  });
});
