// Person search and the person page, as a Veilig Thuis case worker.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, clickAndWait, launchBrowser, login, newPage, startInBeeld } from './harness.mjs';

describe('personen', () => {
  let app; let browser; let page; let user;
  // Found by the search test, used by the person-page tests.
  let found = null;

  before(async () => {
    app = await startInBeeld();
    browser = await launchBrowser();
    page = await newPage(browser, app);
    user = await login(page, app, 'vt_case_worker');
    assert.equal(new URL(page.url()).pathname, '/', `login went to ${page.url()}`);
  });
  after(async () => { await browser?.close(); await app?.stop(); });

  async function search(fields) {
    await page.goto('/personen');
    for (const [label, value] of Object.entries(fields)) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await clickAndWait(page, page.getByRole('button', { name: 'Zoeken', exact: true }));
    return page.locator('table a[href^="/personen/"]');
  }

  test('the search form is labelled and accessible', async () => {
    await page.goto('/personen');
    assert.equal(await page.getByLabel('Naam', { exact: true }).getAttribute('name'), 'q');
    assert.equal(await page.locator('input[name="geboortedatum"]').count(), 1);
    assert.equal(await page.locator('input[name="postcode"]').count(), 1);
    await checkA11y(page);
  });

  test('search by name finds a person from the demo and links to the person page', async () => {
    // Take a real name from a broad search, then search for exactly that name.
    let links;
    for (const q of ['a', 'e', 'de', 'Jansen', 'Bakker']) {
      links = await search({ Naam: q });
      if (await links.count()) break;
    }
    assert.ok(await links.count(), 'no search for a common name or letter found anyone');
    const name = (await links.first().innerText()).trim();
    const href = await links.first().getAttribute('href');
    assert.match(href, /^\/personen\/[^/?#]+$/);
    assert.ok(name.length > 2, `the result link should show the name, got "${name}"`);

    links = await search({ Naam: name });
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes(href), `searching "${name}" did not list ${href} (got ${hrefs.slice(0, 10)})`);
    assert.equal(new URL(page.url()).searchParams.get('q'), name, 'the search is a GET with ?q=');
    await checkA11y(page);

    // The same search straight from the URL (no form, no JavaScript needed).
    await page.goto(`/personen?q=${encodeURIComponent(name)}`);
    assert.ok(await page.locator(`table a[href="${href}"]`).count());
    found = { name, href };
  });

  test('the person page shows name, birth date, address, household, school and Inzage', async (t) => {
    if (!found) return t.skip('the search test found no person');
    await page.goto(`/personen?q=${encodeURIComponent(found.name)}`);
    await clickAndWait(page, page.locator(`table a[href="${found.href}"]`).first());
    assert.equal(new URL(page.url()).pathname, found.href);
    const h1 = (await page.locator('h1').innerText()).trim();
    assert.ok(h1.includes(found.name) || found.name.includes(h1), `h1 "${h1}" vs result "${found.name}"`);
    const text = await page.locator('main').or(page.locator('body')).first().innerText();
    assert.match(text, /\d{1,2}[-\s./][A-Za-z0-9]+[-\s./]\d{4}|\d{4}-\d{2}-\d{2}/, 'a birth date');
    assert.match(text, /\b\d{4}\s?[A-Z]{2}\b/, 'an address with a postcode');
    assert.match(text, /huishouden|gezin/i, 'household members');
    assert.match(text, /school|scholen|onderwijs|inschrijving/i, 'school enrolments');
    assert.equal(await page.getByRole('heading', { name: 'Inzage' }).count(), 1, 'a section "Inzage"');
    await checkA11y(page);
  });

  test('the person page lists its viewer under Inzage', async (t) => {
    if (!found) return t.skip('the search test found no person');
    await page.goto(found.href);  // the view before this one is now logged for sure
    const heading = page.getByRole('heading', { name: 'Inzage' });
    // The section the heading opens: its <section>, or what follows it.
    const section = page.locator('section', { has: heading }).last();
    const text = (await section.count()) ? await section.innerText()
      : await page.locator('body').innerText();
    const who = [user.display_name, user.name, user.full_name, user.username].filter(Boolean);
    assert.ok(who.some((w) => text.includes(w)), `Inzage should name ${JSON.stringify(who)}:\n${text}`);
    assert.match(text, /\d{1,2}:\d{2}/, 'Inzage shows a time');
  });
});
