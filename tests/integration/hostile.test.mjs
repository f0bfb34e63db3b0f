// Hostile strings in every field of every API operation (issue 9, "injection
// and access"). Driven by web/api/openapi.json, so that a new operation is
// covered without touching this file:
//
// - every /api/v1 operation with a JSON request body: a valid body (from
//   ACCEPTED below, which stores something, or else the operation's request in
//   api_surface.mjs), and each string of hostile_strings.mjs in every string
//   field of it — the body's own and those its schema documents, nested ones
//   too — and invalid UTF-8 sent as raw bytes;
// - hostile strings as every path parameter, every documented query
//   parameter and the request headers the API reads.
//
// Never a 5xx; a 4xx is a problem+json; an accepted (2xx) string is stored
// exactly as sent (read back through the API); and where a page shows it
// (persons, signals, Veilig Thuis reports, the child's voice, meldcode,
// signal categories), it is escaped.
//
// Runs on both backends (INBEELD_TEST_BACKEND). One server; the operations run
// four at a time.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { loadFacts, loadOpenApi, makeRequests, MATRIX, operations, parseMatrix } from './api_surface.mjs';
import {
  Browser, hiddenCsrf, htmlEscape, rawHttp, startServer,
} from './harness.mjs';
import { describeHostile, hasMarkup, HOSTILE, INVALID_UTF8 } from './hostile_strings.mjs';
import { amsterdamDate } from './dates.mjs';

let srv;
let doc;
let REQUESTS;
const f = { categories: 0 };
const failures = [];   // every broken expectation, reported together per test
const stored = [];     // what was stored with markup and checked on its pages
const counts = { requests: 0, accepted: 0, refused: 0, pages: 0 };

const one = async (sql) => (await srv.sql(sql)).split('\n')[0];
const today = amsterdamDate();

// ------------------------------------------------------------------ requests

// One request, counted; never through the second instance's alternation
// when a raw body is sent (both instances are equal, so either will do).
async function send(method, urlPath, { token, body, headers }) {
  counts.requests++;
  return srv.api(method, urlPath, { token, body, headers });
}

function fail(what, r) {
  failures.push(`${what}: ${r ? `${r.status} ${String(r.text).slice(0, 200)}` : ''}`);
}

// The answer to hostile input: no 5xx, and a 4xx is a problem.
function judge(what, r) {
  if (r.status >= 500) { fail(`${what} → 5xx`, r); return false; }
  if (r.status >= 400) {
    counts.refused++;
    if (!/^application\/problem\+json/.test(r.contentType) || r.json?.status !== r.status || typeof r.json?.title !== 'string') {
      fail(`${what} → ${r.status} without a problem+json body`, r);
    }
    return false;
  }
  if (r.status < 200 || r.status >= 400) fail(`${what} → unexpected status`, r);
  return r.status < 300;
}

// Whether the JSON value holds the string `s` exactly somewhere.
// (`part`: as part of a string, for a field the API sends back combined.)
function holds(v, s, part = false) {
  if (typeof v === 'string') return part ? v.includes(s) : v === s;
  if (Array.isArray(v)) return v.some((x) => holds(x, s, part));
  if (v && typeof v === 'object') return Object.values(v).some((x) => holds(x, s, part));
  return false;
}

// ------------------------------------------------------------------ fields

function resolve(schema) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) {
    let node = doc;
    for (const part of s.$ref.slice(2).split('/')) node = node?.[part];
    s = node;
  }
  return s || {};
}

const isStringSchema = (s) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

// The paths of every string field: those in the example body and those its
// schema documents (nested objects; arrays through their first element).
function stringFields(body, schema, prefix = []) {
  const out = new Map();
  const s = resolve(schema);
  const add = (p) => out.set(JSON.stringify(p), p);
  if (Array.isArray(body)) {
    const items = resolve(s.items);
    if (body.length === 0 && isStringSchema(items)) add([...prefix, 0]);
    body.forEach((x, i) => {
      if (typeof x === 'string') add([...prefix, i]);
      else if (x && typeof x === 'object') for (const p of stringFields(x, items, [...prefix, i]).values()) add(p);
    });
    return out;
  }
  const props = s.properties || {};
  for (const [k, v] of Object.entries(body || {})) {
    if (typeof v === 'string') add([...prefix, k]);
    else if (v && typeof v === 'object') for (const p of stringFields(v, props[k], [...prefix, k]).values()) add(p);
  }
  for (const [k, ps] of Object.entries(props)) {
    if (body && k in body) continue;
    const r = resolve(ps);
    if (isStringSchema(r)) add([...prefix, k]);
    else if (r.type === 'object' && r.properties) for (const p of stringFields({}, r, [...prefix, k]).values()) add(p);
    else if (r.type === 'array' && isStringSchema(resolve(r.items))) add([...prefix, k, 0]);
  }
  return out;
}

function withValue(body, fieldPath, value) {
  const copy = structuredClone(body);
  let node = copy;
  for (let i = 0; i < fieldPath.length - 1; i++) {
    const k = fieldPath[i];
    if (node[k] === undefined || node[k] === null) node[k] = typeof fieldPath[i + 1] === 'number' ? [] : {};
    node = node[k];
  }
  node[fieldPath[fieldPath.length - 1]] = value;
  return copy;
}

// The body as bytes with `bytes` raw inside the string at fieldPath.
function withRawBytes(body, fieldPath, bytes) {
  const marker = 'RAW-BYTES-MARKER-7c1e';
  const text = JSON.stringify(withValue(body, fieldPath, marker));
  const [a, b] = text.split(marker);
  return Buffer.concat([Buffer.from(a), Buffer.from(bytes), Buffer.from(b)]);
}

// Percent-encodes every byte of the UTF-8 form (a lone surrogate becomes U+FFFD).
const percentEncode = (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const fieldName = (p) => p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);

// ------------------------------------------------------------------ accepted requests

// Operations whose hostile requests can really be accepted: a request that
// stores something (make), and how to read it back (readBack: the JSON that
// must hold the stored string) and the pages that show it. The rest use the
// operation's request from api_surface.mjs (which asks for an id that does not
// exist or breaks a rule: the strings still meet the parser and the validation).
const ACCEPTED = {
  'POST /api/v1/sessions': {
    role: null,
    make: () => ({ path: '/api/v1/sessions', body: { username: 'niemand-hier', password: 'geen-wachtwoord', totp_code: '123456' } }),
  },
  'POST /api/v1/linkage/partial': {
    role: 'vt_triage',
    // A search: an accepted string is a query, nothing is stored.
    searchOnly: true,
    make: () => ({ path: '/api/v1/linkage/partial', body: { first_name: 'Emma', estimated_age: 8, street: 'Lindenlaan', house_number: '1', postcode: '1234AB', city: 'Utrecht' } }),
  },
  'POST /api/v1/persons': {
    role: 'police',
    make: () => REQUESTS['POST /api/v1/persons']('police'),
    readBack: async (r) => (await get('police', `/api/v1/persons/${r.json.id}`)),
    pages: (r) => [{ role: 'police', path: `/personen/${r.json.id}` }],
    shown: ['first_name', 'tussenvoegsel', 'last_name'],
  },
  'POST /api/v1/signals': {
    role: 'school_contact',
    // A child from the register (person_id), or — for the child's other
    // fields — one the register does not know (kept unlinked, as given).
    make: (fp) => ({
      path: '/api/v1/signals',
      body: {
        child: fp?.[0] === 'child' && fp[1] !== 'bsn'
          ? { first_name: 'Onbekend', last_name: 'Kind', birth_date: '2015-05-05', postcode: '9999ZZ', house_number: '1' }
          : { person_id: f.pupil },
        category: 'safety_at_home', level: 2, note: 'Een notitie.', signal_date: today,
        contact: { phone: '010-1234567', email: 'mentor@school.example' },
      },
    }),
    readBack: async (r) => get('school_contact', `/api/v1/signals/${r.json.signal.id}`),
    pages: () => [{ role: 'school_contact', path: '/signalen' }],
    shown: ['note'],
    // The unlinked child's name reads back as one "first last"; its address
    // serves the linkage only and is not sent back.
    partOf: ['child.first_name', 'child.last_name'],
    writeOnly: ['child.postcode', 'child.house_number'],
  },
  'POST /api/v1/vt/reports': {
    role: 'jgz',
    make: () => ({
      path: '/api/v1/vt/reports',
      body: {
        reporter: { type: 'professional', name: 'Jeugdarts', organisation: 'JGZ', phone: '010-7654321', email: 'arts@jgz.example' },
        persons: [{ person_id: f.resident, role: 'child' }], codes: ['witnessing_dv'], urgency: 'regular',
        summary: 'Kind vertelt over ruzie thuis.', region_org_id: f.vt,
      },
    }),
    readBack: async (r) => get('vt_triage', `/api/v1/vt/reports/${r.json.id}`),
    pages: (r) => [{ role: 'vt_triage', path: `/vt/meldingen/${r.json.id}` }],
    shown: ['summary', 'reporter.name', 'reporter.organisation'],
  },
  'POST /api/v1/vt/advice': {
    role: 'vt_triage',
    make: () => ({
      path: '/api/v1/vt/advice',
      body: {
        reporter: { type: 'bystander', name: 'Buurvrouw', phone: '06-12345678' }, codes: ['partner_violence'],
        question: 'Wat kan ik doen?', advice: 'Bel terug bij zorgen.', region_org_id: f.vt,
      },
    }),
    readBack: async (r) => get('vt_triage', `/api/v1/vt/reports/${r.json.id}`),
    pages: (r) => [{ role: 'vt_triage', path: `/vt/meldingen/${r.json.id}` }],
    shown: ['question', 'reporter.name'],
  },
  'POST /api/v1/meldcode': {
    role: 'school_contact',
    make: () => ({ path: '/api/v1/meldcode', body: { person_id: f.pupil, client_kind: 'child', reason: 'Zorgen op school.' } }),
    readBack: async (r) => get('school_contact', `/api/v1/meldcode/${r.json.id}`),
    // The reason for opening the child's data goes to the access log, not the record.
    writeOnly: ['reason'],
  },
  'POST /api/v1/meldcode/{id}/steps': {
    role: 'school_contact',
    // Each field in its own step, on a fresh record with the steps before it done.
    make: async (fp) => {
      let rec = await freshMeldcode();
      const step = MELDCODE_STEP[fp?.[0]] ?? 1;
      for (let i = 1; i < step; i++) rec = await meldcodeStep(rec, MELDCODE_STEPS[i]);
      return { path: `/api/v1/meldcode/${rec.id}/steps`, body: { version: rec.version, ...MELDCODE_STEPS[step] } };
    },
    readBack: async (r) => get('school_contact', `/api/v1/meldcode/${r.json.id}`),
    pages: (r) => [{ role: 'school_contact', path: `/meldcode/${r.json.id}` }],
    shown: ['signals', 'colleague', 'colleague_advice', 'consultation_notes', 'talk_parents', 'talk_child'],
  },
  'POST /api/v1/meldcode/{id}/consultation': {
    role: 'school_contact',
    make: async () => {
      const rec = await freshMeldcode();
      return { path: `/api/v1/meldcode/${rec.id}/consultation`, body: { version: rec.version, question: 'Wat moeten we nu doen?' } };
    },
    readBack: async (r, req) => get('school_contact', req.path.replace(/\/consultation$/, '')),
    pages: (r, req) => [{ role: 'school_contact', path: req.path.replace('/api/v1', '').replace(/\/consultation$/, '') }],
  },
  'POST /api/v1/meldcode/{id}/answers': {
    role: 'school_contact',
    // The afwegingskader comes after the first three steps.
    make: async () => {
      let rec = await freshMeldcode();
      for (let i = 1; i <= 3; i++) rec = await meldcodeStep(rec, MELDCODE_STEPS[i]);
      return { path: `/api/v1/meldcode/${rec.id}/answers`, body: { version: rec.version, question: 1, answer: true, reasons: 'Signalen bevestigd.' } };
    },
    readBack: async (r) => get('school_contact', `/api/v1/meldcode/${r.json.id}`),
    pages: (r) => [{ role: 'school_contact', path: `/meldcode/${r.json.id}` }],
    shown: ['reasons'],
  },
  'POST /api/v1/vt/reports/{id}/assessment': {
    role: 'vt_triage',
    make: async () => {
      const rep = await vtReport();
      return { path: `/api/v1/vt/reports/${rep.id}/assessment`, body: { version: rep.version, outcome: 'close', reasons: 'Geen zorgen meer.' } };
    },
    readBack: async (r) => get('vt_triage', `/api/v1/vt/reports/${r.json.id}`),
    pages: (r) => [{ role: 'vt_triage', path: `/vt/meldingen/${r.json.id}` }],
    shown: ['reasons'],
  },
  'PUT /api/v1/vt/reports/{id}/case': {
    role: 'vt_case_worker',
    make: async () => {
      const rep = await vtReport('vv');
      return {
        path: `/api/v1/vt/reports/${rep.id}/case`,
        body: { version: rep.version, family_profile: 'family_under_stress', plan_phase: 'direct_safety', plan_text: 'Eerst veiligheid.' },
      };
    },
    readBack: async (r) => get('vt_case_worker', `/api/v1/vt/reports/${r.json.id}`),
    pages: (r) => [{ role: 'vt_case_worker', path: `/vt/meldingen/${r.json.id}` }],
    shown: ['plan_text'],
  },
  'POST /api/v1/vt/reports/{id}/conditions': {
    role: 'vt_case_worker',
    make: () => ({ path: `/api/v1/vt/reports/${f.vv.id}/conditions`, body: { text: 'Geen geweld thuis.', partner: 'wijkteam', monitor_date: f.soon } }),
    readBack: async () => get('vt_case_worker', `/api/v1/vt/reports/${f.vv.id}`),
    pages: () => [{ role: 'vt_case_worker', path: `/vt/meldingen/${f.vv.id}` }],
    shown: ['text', 'partner'],
  },
  'POST /api/v1/vt/reports/{id}/conditions/{condition}/check': {
    role: 'vt_case_worker',
    // A condition of its own each time: a checked one is checked.
    make: async () => {
      counts.requests++;
      const r = await srv.api('POST', `/api/v1/vt/reports/${f.vv.id}/conditions`, {
        token: await srv.login('vt_case_worker'), body: { text: 'Afspraak.', partner: 'wijkteam', monitor_date: f.soon },
      });
      assert.equal(r.status, 201, `a condition: ${r.text}`);
      const c = r.json.conditions[r.json.conditions.length - 1];
      return { path: `/api/v1/vt/reports/${f.vv.id}/conditions/${c.id}/check`, body: { state: 'not_met', note: 'Politie ter plaatse.' } };
    },
    readBack: async () => get('vt_case_worker', `/api/v1/vt/reports/${f.vv.id}`),
    pages: () => [{ role: 'vt_case_worker', path: `/vt/meldingen/${f.vv.id}` }],
    shown: ['note'],
  },
  'POST /api/v1/vt/reports/{id}/hearings': {
    role: 'vt_case_worker',
    make: () => ({ path: `/api/v1/vt/reports/${f.inv.id}/hearings`, body: { who: 'moeder', date: today, kind: 'hoor' } }),
    readBack: async () => get('vt_case_worker', `/api/v1/vt/reports/${f.inv.id}`),
    pages: () => [{ role: 'vt_case_worker', path: `/vt/meldingen/${f.inv.id}` }],
    shown: ['who'],
  },
  'POST /api/v1/vt/reports/{id}/findings': {
    role: 'vt_case_worker',
    make: () => ({ path: `/api/v1/vt/reports/${f.inv.id}/findings`, body: { code: 'physical_abuse', finding: 'bevestigd' } }),
    readBack: async () => get('vt_case_worker', `/api/v1/vt/reports/${f.inv.id}`),
  },
  'POST /api/v1/voice/threads/{id}/escalations': {
    role: 'school_trusted_person',
    // Without the child's consent, on a legal ground (the field that needs it).
    make: (fp) => ({
      path: `/api/v1/voice/threads/${f.voiceChild}/escalations`,
      body: {
        target: 'vt', concern: 'Het kind is thuis niet veilig.', message_ids: [f.voiceMessage],
        ...(fp?.[0] === 'legal_ground' ? { consent: false, legal_ground: 'Acuut gevaar.' } : { consent: true }),
      },
    }),
    readBack: async (r) => get('school_trusted_person', `/api/v1/voice/escalations/${r.json.id}`),
    pages: (r) => [{ role: 'school_trusted_person', path: `/kindstem/kinderen/${f.voiceChild}` }],
  },
  'PUT /api/v1/signal-categories/{code}': {
    role: 'vt_supervisor',
    // A new category each time: the form shows every active one.
    make: () => ({ path: `/api/v1/signal-categories/vijandig_${++f.categories}`, body: { label_nl: 'Vijandig', label_en: 'Hostile', active: true } }),
    readBack: async () => get('vt_supervisor', '/api/v1/signal-categories'),
    pages: () => [{ role: 'school_contact', path: '/signalen/nieuw' }],
    shown: ['label_nl'],
  },
  'POST /api/v1/voice/threads/{id}/replies': {
    role: 'school_trusted_person',
    make: () => ({ path: `/api/v1/voice/threads/${f.voiceChild}/replies`, body: { text: 'Fijn dat je het vertelt.' } }),
    readBack: async () => get('school_trusted_person', `/api/v1/voice/threads/${f.voiceChild}`),
    pages: () => [{ role: 'school_trusted_person', path: `/kindstem/kinderen/${f.voiceChild}` }, { child: true, path: '/plek/thuis' }],
    shown: ['text'],
  },
};

// The meldcode's first three steps and the fields of each.
const MELDCODE_STEPS = {
  1: { step: 1, signals: 'Blauwe plekken.' },
  2: { step: 2, colleague: 'Intern begeleider', colleague_advice: 'Gesprek voorbereiden.', consultation_notes: 'Overlegd.' },
  3: { step: 3, talk_parents: 'Moeder erkent spanningen.', talk_child: 'Het kind wil niet praten.' },
};
const MELDCODE_STEP = Object.fromEntries(Object.entries(MELDCODE_STEPS)
  .flatMap(([n, b]) => Object.keys(b).filter((k) => k !== 'step').map((k) => [k, Number(n)])));

async function get(role, urlPath) {
  counts.requests++;
  const r = await srv.api('GET', urlPath, { token: await srv.login(role) });
  return r;
}

async function meldcodeStep(rec, body) {
  counts.requests++;
  const r = await srv.api('POST', `/api/v1/meldcode/${rec.id}/steps`, { token: await srv.login('school_contact'), body: { version: rec.version, ...body } });
  assert.equal(r.status, 200, `meldcode step ${body.step}: ${r.text}`);
  return r.json;
}

// A fresh Veilig Thuis report in the triage user's region; with `outcome`,
// assessed to that outcome (vv: Voorwaarden & Vervolg; investigation).
async function vtReport(outcome) {
  counts.requests++;
  let r = await srv.api('POST', '/api/v1/vt/reports', {
    token: await srv.login('jgz'),
    body: { reporter: { type: 'professional' }, persons: [{ person_id: f.resident }], codes: ['witnessing_dv', 'physical_abuse'], summary: 'Ruzie thuis.', region_org_id: f.vt },
  });
  assert.equal(r.status, 201, `a VT report: ${r.text}`);
  if (!outcome) return r.json;
  counts.requests++;
  r = await srv.api('POST', `/api/v1/vt/reports/${r.json.id}/assessment`, {
    token: await srv.login('vt_triage'), body: { version: r.json.version, outcome, reasons: 'Beoordeeld.' },
  });
  assert.equal(r.status, 200, `assessment ${outcome}: ${r.text}`);
  return r.json;
}

async function freshMeldcode() {
  counts.requests++;
  const r = await srv.api('POST', '/api/v1/meldcode', { token: await srv.login('school_contact'), body: { person_id: f.pupil, client_kind: 'child' } });
  assert.equal(r.status, 201, `a meldcode record: ${r.text}`);
  return r.json;
}

// The role that may call `op` (the first "Y" in the matrix).
function roleFor(op, rows) {
  if (ACCEPTED[op] && 'role' in ACCEPTED[op]) return ACCEPTED[op].role;
  const row = rows.get(op);
  return Object.keys(row).find((r) => row[r]);
}

// Runs fn over items, `n` at a time.
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

// ------------------------------------------------------------------ the child's voice

// A trusted adult chosen by a child who sent a message: the thread the
// replies go to, and the child's place (a cookie session) that shows them.
async function voiceSetup() {
  const as = async (role, method, p, body) => srv.api(method, p, { token: await srv.login(role), body });
  const tp = Number(await one("SELECT id FROM users WHERE username = 'school.vertrouwenspersoon'"));
  // The adult's name (shown to the child) and the child's nickname (shown to
  // the adult) carry markup too; the pages test checks them escaped.
  let r = await as('school_contact', 'POST', '/api/v1/voice/adults', { user_id: tp, kind: 'trusted_person', display_name: VOICE_ADULT });
  assert.equal(r.status, 201, r.text);
  const adult = r.json.id;
  // The adult accepts once the notice has arrived (the outbox delivers it shortly after).
  for (let i = 0; i < 100; i++) {
    r = await as('school_trusted_person', 'POST', '/api/v1/voice/me/accept');
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(r.status, 200, `accept: ${r.text}`);
  r = await as('school_trusted_person', 'POST', '/api/v1/voice/codes', { kind: 'passphrase' });
  assert.equal(r.status, 201, r.text);
  f.voiceCode = r.json.code;
  f.voiceChild = r.json.child_id;
  const b = await openPlace();
  assert.equal((await b.postForm('/plek/naam', { csrf: b.csrf, bijnaam: VOICE_NICKNAME })).status, 303);
  assert.equal((await b.postForm('/plek/kiezen', { csrf: b.csrf, volwassene: String(adult) })).status, 303);
  assert.equal((await b.postForm('/plek/bericht', { csrf: b.csrf, soort: 'message', tekst: 'Hallo' })).status, 303);
  r = await as('school_trusted_person', 'GET', `/api/v1/voice/threads/${f.voiceChild}`);
  assert.equal(r.status, 200, r.text);
  f.voiceMessage = r.json.messages[0].id;
}

const VOICE_ADULT = '<img src=x onerror="window.__pwned=1">juf';
const VOICE_NICKNAME = '<b data-pwned="1">Ster</b>';

async function openPlace() {
  const b = new Browser(srv.baseUrl);
  const r = await b.postForm('/plek', { code: f.voiceCode });
  assert.equal(r.status, 303, `POST /plek: ${r.status} ${r.text.slice(0, 200)}`);
  const home = await b.get('/plek/thuis');
  assert.equal(home.status, 200);
  b.csrf = hiddenCsrf(home.text);
  return b;
}

// ------------------------------------------------------------------ pages

const browsers = new Map();

// The page `pg` ({ role, path } or { child: true, path }) must not hold
// `value` unescaped, nor any of the payloads' markup; when `shown`, it shows
// the value escaped.
async function checkPage(what, value, pg, shown) {
  const key = pg.child ? 'child' : pg.role;
  if (!browsers.has(key)) browsers.set(key, pg.child ? await openPlace() : await srv.browserLogin(pg.role));
  counts.pages++;
  const page = await browsers.get(key).get(pg.path);
  if (page.status !== 200) { fail(`${what}: GET ${pg.path}`, page); return; }
  if (page.text.includes(value)) fail(`${what}: unescaped on ${pg.path}`);
  const escaped = htmlEscape(value);
  if (shown && value.trim() !== '' && !page.text.includes(escaped) && !page.text.includes(escaped.replace(/&#39;/g, '&apos;'))) {
    fail(`${what}: not shown (escaped) on ${pg.path}`);
  }
  for (const marker of ['<script>window.__pwned', '<img src=x onerror', '<svg onload', 'data-pwned="1"', "autofocus onfocus='"]) {
    if (page.text.includes(marker)) fail(`${what}: ${pg.path} holds ${marker}`);
  }
}

// ------------------------------------------------------------------ the test

describe('hostile strings in every field of every API operation', () => {
  let rows;
  let ops;

  before(async () => {
    srv = await startServer();
    doc = await loadOpenApi();
    Object.assign(f, await loadFacts(srv));
    REQUESTS = makeRequests(f);
    ({ rows } = parseMatrix(MATRIX));
    f.vt = Number(await one("SELECT org_id FROM users WHERE role = 'vt_triage' ORDER BY id LIMIT 1"));
    // A resident of the JGZ user's municipality is f.resident; reports about
    // them go to the VT triage user's region (region_org_id).
    for (const role of srv.roles()) await srv.login(role);
    await voiceSetup();
    f.soon = amsterdamDate(14);
    f.vv = await vtReport('vv');
    f.inv = await vtReport('investigation');
    ops = operations(doc).filter((o) => o.path.startsWith('/api/v1/'));
  });
  after(async () => { await srv?.stop(); });

  beforeEach(() => { failures.length = 0; });

  test('JSON bodies: every string field × the library, and invalid UTF-8 as raw bytes', async () => {
    const withBody = ops.filter((o) => o.spec.requestBody?.content?.['application/json']);
    assert.ok(withBody.length >= 30, `only ${withBody.length} operations with a JSON body`);
    const perOp = [];
    await pool(withBody, 4, async (o) => {
      const acc = ACCEPTED[o.op];
      const role = roleFor(o.op, rows);
      const token = role ? await srv.login(role) : undefined;
      const make = async (fp) => (acc ? acc.make(fp) : REQUESTS[o.op]?.(role));
      const example = await make();
      if (!example || !example.body || typeof example.body !== 'object') {
        failures.push(`${o.op}: no usable valid example (add one to ACCEPTED in hostile.test.mjs or REQUESTS in api_surface.mjs)`);
        return;
      }
      // The example itself must be fine: accepted when ACCEPTED says so.
      const base = await send(o.method, example.path, { token, body: example.body });
      if (base.status >= 500) fail(`${o.op} example`, base);
      if ((acc?.readBack || acc?.searchOnly) && (base.status < 200 || base.status >= 300)) fail(`${o.op}: the ACCEPTED example is refused`, base);
      const schema = o.spec.requestBody.content['application/json'].schema;
      const fields = [...stringFields(example.body, schema).values()];
      let accepted = 0;
      for (const fp of fields) {
        const name = fieldName(fp);
        for (const s of HOSTILE) {
          const req = await make(fp);
          const body = withValue(req.body, fp, s);
          const what = `${o.op} ${name}=${describeHostile(s)}`;
          const r = await send(o.method, req.path, { token, body });
          if (!judge(what, r)) continue;
          accepted++;
          counts.accepted++;
          if (acc?.searchOnly || acc?.writeOnly?.includes(name)) continue;
          if (!acc?.readBack) {
            // Accepted with no way to read it back: the answer itself must hold it.
            if (!holds(r.json, s)) fail(`${what}: accepted (${r.status}) but not read back; give the operation a readBack in ACCEPTED`, r);
            continue;
          }
          const back = await acc.readBack(r, req);
          // A blank optional field is no field: it may read back as absent.
          if (back.status !== 200) fail(`${what}: read back`, back);
          else if (!holds(back.json, s, acc.partOf?.includes(name)) && s.trim() !== '') fail(`${what}: stored differently from what was sent`, back);
          else if (acc.pages && hasMarkup(s)) {
            stored.push(what);
            for (const pg of acc.pages(r, req)) await checkPage(what, s, pg, acc.shown?.includes(name));
          }
        }
        for (const { name: bad, bytes } of INVALID_UTF8) {
          const req = await make(fp);
          const what = `${o.op} ${name}=<${bad}>`;
          const r = await send(o.method, req.path, {
            token, body: withRawBytes(req.body, fp, bytes), headers: { 'content-type': 'application/json' },
          });
          if (r.status !== 400) fail(`${what}: expected 400 for invalid UTF-8`, r);
          judge(what, r);
        }
      }
      perOp.push(`${o.op}: ${fields.length} string fields, ${accepted} accepted`);
    });
    console.log(`# hostile: ${withBody.length} operations with a body; ${counts.requests} requests, ${counts.accepted} accepted, ${counts.refused} refused`);
    for (const l of perOp.sort()) console.log(`#   ${l}`);
    assert.deepEqual(failures.splice(0), []);
  });

  test('stored hostile strings were shown escaped on the pages that show them', async () => {
    // The trusted adult's name on the child's page, the child's nickname on the adult's.
    await checkPage('the adult\'s display name', VOICE_ADULT, { child: true, path: '/plek/thuis' }, true);
    await checkPage('the child\'s nickname', VOICE_NICKNAME, { role: 'school_trusted_person', path: '/kindstem' }, true);
    assert.deepEqual(failures.splice(0), []);
    // The pages are checked right after each string is stored (checkPage):
    // lists show only the latest entries.
    console.log(`# hostile: ${stored.length} stored strings with markup, ${counts.pages} page views checked`);
    assert.ok(stored.length > 100, `only ${stored.length} hostile strings with markup were stored`);
    for (const op of Object.keys(ACCEPTED).filter((k) => ACCEPTED[k].pages)) {
      assert.ok(stored.some((w) => w.startsWith(`${op} `)), `${op}: nothing hostile was stored and shown`);
    }
  });

  test('path parameters: every hostile string as every path parameter, never a 5xx', async () => {
    const withParams = ops.filter((o) => /\{[^}]+\}/.test(o.path));
    let n = 0;
    await pool(withParams, 4, async (o) => {
      const role = roleFor(o.op, rows);
      const token = await srv.login(role);
      const example = REQUESTS[o.op](role);
      for (const s of HOSTILE) {
        if (s === '') continue; // an empty segment is another route
        // Each parameter in turn; the example's values for the others.
        const names = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        for (const name of names) {
          let p = o.path;
          for (const other of names) p = p.replace(`{${other}}`, other === name ? percentEncode(s) : '1');
          n++;
          const r = await send(o.method, p, { token, body: example.body });
          const what = `${o.method} ${o.path} {${name}}=${describeHostile(s)}`;
          judge(what, r);
        }
      }
    });
    // Raw, unencoded paths (fetch would normalise them): traversal and bytes.
    const token = await srv.login('police');
    const { host } = new URL(srv.baseUrl);
    for (const raw of ['/api/v1/persons/../../etc/passwd', '/api/v1/persons/..%2f..%2fetc%2fpasswd', '/api/v1/persons/%00',
      '/api/v1/persons/1%0d%0aSet-Cookie:%20pwned=1', '/api/v1/persons/%ff%fe', '/api/v1/persons/%c0%af', `/api/v1/persons/${'9'.repeat(5000)}`]) {
      const r = await rawHttp(srv.baseUrl, [`GET ${raw} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`]);
      n++;
      if (!(r.status >= 400 && r.status < 500)) failures.push(`GET ${raw} (raw): ${r.status} ${r.text.slice(0, 200)}`);
      if (/\r\nset-cookie: pwned/i.test(r.text)) failures.push(`GET ${raw} (raw): the header was injected`);
    }
    console.log(`# hostile: ${n} requests with hostile path parameters on ${withParams.length} operations`);
    assert.deepEqual(failures.splice(0), []);
  });

  test('query parameters: every hostile string in every documented query parameter, never a 5xx', async () => {
    const withQuery = ops.filter((o) => (o.spec.parameters || []).map(resolve).some((p) => p.in === 'query'));
    let n = 0;
    await pool(withQuery, 4, async (o) => {
      const role = roleFor(o.op, rows);
      const token = await srv.login(role);
      const example = REQUESTS[o.op](role);
      const names = (o.spec.parameters || []).map(resolve).filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of names) {
        for (const s of HOSTILE) {
          const u = new URL(example.path, 'http://x');
          u.searchParams.set(name, s);
          n++;
          const r = await send(o.method, u.pathname + u.search, { token, body: example.body });
          const what = `${o.method} ${o.path}?${name}=${describeHostile(s)}`;
          judge(what, r);
          if (/\r\nset-cookie: pwned/i.test([...r.headers].map(([k, v]) => `\r\n${k}: ${v}`).join(''))) fail(`${what}: header injected`, r);
        }
        // Invalid UTF-8, percent-encoded, and the parameter twice.
        for (const { name: bad, bytes } of INVALID_UTF8) {
          const enc = bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
          const sep = example.path.includes('?') ? '&' : '?';
          n++;
          judge(`${o.method} ${o.path}?${name}=<${bad}>`, await send(o.method, `${example.path}${sep}${name}=${enc}`, { token, body: example.body }));
        }
      }
    });
    console.log(`# hostile: ${n} requests with hostile query parameters on ${withQuery.length} operations`);
    assert.ok(withQuery.length >= 8);
    assert.deepEqual(failures.splice(0), []);
  });

  test('headers: hostile values in the headers the API reads, never a 5xx, nothing injected', async () => {
    const token = await srv.login('police');
    const person = f.resident;
    // The documented header parameters, on their operations.
    const withHeaders = ops.filter((o) => (o.spec.parameters || []).map(resolve).some((p) => p.in === 'header'));
    assert.ok(withHeaders.length >= 3, `operations with header parameters: ${withHeaders.length}`);
    const targets = withHeaders.flatMap((o) => (o.spec.parameters || []).map(resolve).filter((p) => p.in === 'header')
      .map((p) => ({ o, header: p.name })));
    // And the headers every request may carry, on a read and a write.
    for (const header of ['Authorization', 'Cookie', 'Accept-Language', 'Accept', 'Content-Type', 'X-Forwarded-For', 'User-Agent', 'If-None-Match']) {
      targets.push({ o: ops.find((x) => x.op === 'GET /api/v1/persons/{id}'), header });
      targets.push({ o: ops.find((x) => x.op === 'POST /api/v1/persons'), header });
    }
    const { host } = new URL(srv.baseUrl);
    let n = 0;
    await pool(targets, 4, async ({ o, header }) => {
      const role = roleFor(o.op, rows);
      const tok = role === 'police' ? token : await srv.login(role);
      const example = ACCEPTED[o.op]?.make ? await ACCEPTED[o.op].make() : REQUESTS[o.op](role);
      const p = o.op === 'GET /api/v1/persons/{id}' ? `/api/v1/persons/${person}` : example.path;
      const values = [...HOSTILE.filter((s) => s.length < 8000), ...INVALID_UTF8.map((x) => Buffer.from(x.bytes))];
      for (const v of values) {
        n++;
        const what = `${o.method} ${o.path} ${header}: ${Buffer.isBuffer(v) ? `<bytes ${v.toString('hex')}>` : describeHostile(v)}`;
        const auth = /^authorization$/i.test(header) ? '' : `Authorization: Bearer ${tok}\r\n`;
        const body = example.body === undefined ? '' : JSON.stringify(example.body);
        const ct = /^content-type$/i.test(header) || example.body === undefined ? '' : 'Content-Type: application/json\r\n';
        // Raw bytes on the wire: fetch refuses CR, LF, NUL and non-Latin-1 values.
        const head = Buffer.concat([
          Buffer.from(`${o.method} ${p} HTTP/1.1\r\nHost: ${host}\r\n${auth}${ct}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${header}: `),
          Buffer.isBuffer(v) ? v : Buffer.from(/^authorization$/i.test(header) ? `Bearer ${v}` : v),
          Buffer.from(`\r\n\r\n${body}`),
        ]);
        const r = await rawHttp(srv.baseUrl, [head]);
        if (r.status === 0) { failures.push(`${what}: no answer`); continue; }
        if (r.status >= 500) failures.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
        const headEnd = r.text.indexOf('\r\n\r\n');
        const respHead = r.text.slice(0, headEnd < 0 ? undefined : headEnd);
        if (/\r\nset-cookie: pwned/i.test(respHead)) failures.push(`${what}: a header was injected into the answer`);
        if (r.status >= 400 && !/content-type: application\/problem\+json/i.test(respHead)) {
          failures.push(`${what}: ${r.status} without a problem+json body: ${r.text.slice(0, 200)}`);
        }
      }
    });
    console.log(`# hostile: ${n} requests with hostile header values (${targets.length} header × operation pairs)`);
    assert.deepEqual(failures.splice(0), []);
  });
});


