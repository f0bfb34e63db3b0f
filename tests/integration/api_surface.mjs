// The API surface shared by the tests that walk every operation: the
// authorization MATRIX (every role × every operation), a request per operation
// (makeRequests), the facts those requests need (loadFacts) and the operations
// of the OpenAPI document. Used by api.test.mjs (the matrix) and
// hostile.test.mjs (hostile strings in every field).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { REPO, testBsn, uniqueName } from './harness.mjs';
import { amsterdamDate } from './dates.mjs';

// Y = the role may (the answer is the operation's success status),
// - = refused for the role (403 "je rol mag dit niet"). Anonymous callers
// get 401 on everything that is not public.
export const MATRIX = `
operation                          police vt_triage vt_case_worker vt_supervisor school_contact school_trusted_person local_team jgz midwife analyst admin jim_mentor
GET /health                          Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      Y
GET /ready                           Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      Y
GET /api/v1/openapi.json             Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      Y
POST /api/v1/sessions                Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      Y
GET /api/v1/organisations            Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
GET /api/v1/persons                  Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/persons                 Y       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/persons/lookup          Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/persons/{id}             Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/persons/{id}/access-log  Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      Y      -
DELETE /api/v1/sessions/current      Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      Y
GET /api/v1/inbox                    Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
POST /api/v1/inbox/{id}/read         Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
POST /api/v1/notices/test            -       -          -              -              -                -                  -      -     -       -      Y      -
GET /api/v1/outbox                   -       -          -              Y              -                -                  -      -     -       -      Y      -
GET /api/v1/hwc/addresses/children   Y       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/hwc/incidents           Y       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/hwc/notices              Y       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/hwc/review               Y       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/hwc/inbox                -       -          -              -              Y                Y                  -      -     -       -      -      -
POST /api/v1/hwc/notices/{id}/acknowledge -  -          -              -              Y                Y                  -      -     -       -      -      -
POST /api/v1/hwc/notices/{id}/support -      -          -              -              Y                Y                  -      -     -       -      -      -
GET /api/v1/hwc/schools/{id}/settings -      -          -              -              Y                -                  -      -     -       -      Y      -
PUT /api/v1/hwc/schools/{id}/settings -      -          -              -              Y                -                  -      -     -       -      Y      -
GET /api/v1/hwc/regions              -       -          -              -              -                -                  -      -     -       -      Y      -
GET /api/v1/hwc/regions/{id}         -       -          -              -              -                -                  -      -     -       -      Y      -
PUT /api/v1/hwc/regions/{id}         -       -          -              -              -                -                  -      -     -       -      Y      -
POST /api/v1/hwc/escalation/run      -       -          -              -              -                -                  -      -     -       -      Y      -
GET /api/v1/signal-categories       Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
PUT /api/v1/signal-categories/{code} -     -          -              Y              -                -                  -      -     -       -      Y      -
POST /api/v1/signals                 Y       -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/signals                  Y       -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/signals/unlinked         -       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/signals/{id}             Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
POST /api/v1/signals/{id}/link       -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/signals/jobs/run        -       -          -              -              -                -                  -      -     -       -      Y      -
GET /api/v1/signal-matches           Y       -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/signal-matches/stats     -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/signal-matches/{id}/coordinator Y - -            -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/signal-matches/{id}/follow-up Y  -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/signal-rules             -       Y          Y              Y              -                -                  -      -     -       -      Y      -
PUT /api/v1/signal-rules/{code}      -       -          -              Y              -                -                  -      -     -       -      Y      -
GET /api/v1/signal-reviews           -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/signal-reviews/{id}/close -     Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/radar/persons/{id}       -       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/radar/households/{id}    -       Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/linkage/reviews          -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/linkage/reviews/{id}/decision - Y        Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/linkage/partial         -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/linkage/run             -       -          -              Y              -                -                  -      -     -       -      Y      -
GET /api/v1/meldcode                 -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/meldcode                -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/meldcode/{id}            -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/meldcode/{id}/steps     -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/meldcode/{id}/answers   -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/meldcode/{id}/consultation - -         -              -              Y                Y                  Y      Y     Y       -      -      -
POST /api/v1/meldcode/{id}/decision  -       -          -              -              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/meldcode-vt              -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/meldcode/jobs/run       -       -          -              -              -                -                  -      -     -       -      Y      -
GET /api/v1/vt/codes                 Y       Y          Y              Y              Y                Y                  Y      Y     Y       Y      Y      -
POST /api/v1/vt/reports              Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/vt/reports               -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/advice               Y       Y          Y              Y              Y                Y                  Y      Y     Y       -      -      -
GET /api/v1/vt/reports/{id}          -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/assessment -    Y          Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/vt/dashboard             -       -          -              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/jobs/run             -       -          -              -              -                -                  -      -     -       -      Y      -
PUT /api/v1/vt/reports/{id}/case     -       Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/conditions -    Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/conditions/{condition}/check - Y Y         Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/findings -      Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/hearings -      Y          Y              Y              -                -                  -      -     -       -      -      -
POST /api/v1/vt/reports/{id}/investigation/end - Y      Y              Y              -                -                  -      -     -       -      -      -
GET /api/v1/vt/figures               -       -          -              Y              -                -                  -      -     -       Y      -      -
GET /api/v1/vt/figures.csv           -       -          -              Y              -                -                  -      -     -       Y      -      -
GET /api/v1/voice/adults             -       -          -              -              Y                -                  -      -     -       -      Y      -
POST /api/v1/voice/adults            -       -          -              -              Y                -                  -      -     -       -      Y      -
POST /api/v1/voice/adults/{id}/left  -       -          -              -              Y                -                  -      -     -       -      Y      -
GET /api/v1/voice/me                 -       -          -              -              Y                Y                  Y      Y     -       -      -      Y
POST /api/v1/voice/me/accept         -       -          -              -              Y                Y                  Y      Y     -       -      -      Y
POST /api/v1/voice/codes             -       -          -              -              Y                Y                  Y      Y     -       -      -      -
GET /api/v1/voice/threads            -       -          -              -              Y                Y                  Y      Y     -       -      -      Y
GET /api/v1/voice/threads/{id}       -       -          -              -              Y                Y                  Y      Y     -       -      -      Y
POST /api/v1/voice/threads/{id}/replies -    -          -              -              Y                Y                  Y      Y     -       -      -      Y
POST /api/v1/voice/threads/{id}/escalations - -         -              -              Y                Y                  Y      Y     -       -      -      Y
GET /api/v1/voice/escalations        -       Y          Y              Y              Y                Y                  Y      Y     -       -      -      Y
GET /api/v1/voice/escalations/{id}   -       Y          Y              Y              Y                Y                  Y      Y     -       -      -      Y
POST /api/v1/voice/escalations/{id}/meldcode - - - - Y Y Y Y Y - - -
GET /api/v1/voice/jim-invitations - - - - Y Y Y Y - - Y -
POST /api/v1/voice/jim-invitations - - - - Y Y Y Y - - Y -
POST /api/v1/voice/jim-invitations/{id}/withdraw - - - - Y Y Y Y - - Y -
`;

export function parseMatrix(text) {
  const lines = text.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const [, ...roles] = lines[0];
  const rows = new Map();
  for (const cells of lines.slice(1)) {
    const op = `${cells[0]} ${cells[1]}`;
    const marks = cells.slice(2);
    assert.equal(marks.length, roles.length, `row ${op} has ${marks.length} marks for ${roles.length} roles`);
    assert.ok(!rows.has(op), `row ${op} twice`);
    rows.set(op, Object.fromEntries(roles.map((r, i) => {
      assert.ok(marks[i] === 'Y' || marks[i] === '-', `${op} × ${r}: ${marks[i]}`);
      return [r, marks[i] === 'Y'];
    })));
  }
  return { roles, rows };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operations(doc) {
  const ops = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of HTTP_METHODS) if (item[m]) ops.push({ op: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), path: p, spec: item[m] });
  }
  return ops;
}

// The repository's OpenAPI document.
export async function loadOpenApi() {
  return JSON.parse(await readFile(path.join(REPO, 'web/api/openapi.json'), 'utf8'));
}

// Ids in the demo that makeRequests needs: a pupil of the demo school and a
// resident of the JGZ user's municipality.
export async function loadFacts(srv) {
  const facts = {};
  const today = amsterdamDate();
  const one = async (sql) => Number((await srv.sql(sql)).split('\n')[0]);
  const schoolId = await one("SELECT org_id FROM users WHERE username = 'school.contact'");
  facts.pupil = await one(`SELECT person_id FROM enrolments WHERE org_id = ${schoolId} AND from_date <= '${today}'
    AND (to_date IS NULL OR to_date >= '${today}') ORDER BY person_id LIMIT 1`);
  const gm = await srv.sql("SELECT o.municipality_code FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = 'jgz'");
  facts.resident = await one(`SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id
    WHERE h.municipality_code = '${gm}' ORDER BY p.id LIMIT 1`);
  assert.ok(facts.pupil > 0 && facts.resident > 0);
  return facts;
}

// A person the role may see by need-to-know (so that "Y" means 200).
const visibleTo = (facts, role) => (role.startsWith('school_') ? facts.pupil : facts.resident);

// For each operation: the request a role makes, and the status when allowed.
// Most ask for ids that do not exist (404) or break a rule (422), so that every
// role can run every row without changing the demo much.
export function makeRequests(facts) {
  return {
    'GET /health': () => ({ path: '/health', ok: 200 }),
    'GET /ready': () => ({ path: '/ready', ok: 200 }),
    'GET /api/v1/openapi.json': () => ({ path: '/api/v1/openapi.json', ok: 200 }),
    'GET /api/v1/organisations': () => ({ path: '/api/v1/organisations?kind=school', ok: 200 }),
    'GET /api/v1/persons': () => ({ path: '/api/v1/persons?birth_date=2015-01-01', ok: 200 }),
    'POST /api/v1/persons': () => ({
      path: '/api/v1/persons', ok: 201,
      body: { first_name: uniqueName('Matrix'), last_name: 'Rol', birth_date: '2017-06-06', sex: 'V' },
    }),
    'POST /api/v1/persons/lookup': () => ({ path: '/api/v1/persons/lookup', ok: 404, body: { bsn: testBsn() } }),
    'GET /api/v1/persons/{id}': (role) => ({ path: `/api/v1/persons/${visibleTo(facts, role)}`, ok: 200 }),
    'GET /api/v1/persons/{id}/access-log': (role) => ({ path: `/api/v1/persons/${visibleTo(facts, role)}/access-log`, ok: 200 }),
    'DELETE /api/v1/sessions/current': () => ({ path: '/api/v1/sessions/current', ok: 204 }),
    'GET /api/v1/inbox': () => ({ path: '/api/v1/inbox', ok: 200 }),
    'POST /api/v1/inbox/{id}/read': () => ({ path: '/api/v1/inbox/999999/read', ok: 404 }),
    'POST /api/v1/notices/test': () => ({ path: '/api/v1/notices/test', ok: 202, body: { username: 'school.contact' } }),
    'GET /api/v1/outbox': () => ({ path: '/api/v1/outbox', ok: 200 }),
    // Handle with Care (tests/integration/hwc.test.mjs has the flows).
    'GET /api/v1/hwc/addresses/children': () => ({ path: '/api/v1/hwc/addresses/children?postcode=9999ZZ&house_number=1', ok: 200 }),
    'POST /api/v1/hwc/incidents': () => ({
      path: '/api/v1/hwc/incidents', ok: 422,
      body: { occurred_ms: Date.now(), postcode: '9999 ZZ', house_number: '1', children: [{ person_id: 999999999 }] },
    }),
    'GET /api/v1/hwc/notices': () => ({ path: '/api/v1/hwc/notices', ok: 200 }),
    'GET /api/v1/hwc/review': () => ({ path: '/api/v1/hwc/review', ok: 200 }),
    'GET /api/v1/hwc/inbox': () => ({ path: '/api/v1/hwc/inbox', ok: 200 }),
    'POST /api/v1/hwc/notices/{id}/acknowledge': () => ({ path: '/api/v1/hwc/notices/999999/acknowledge', ok: 404 }),
    'POST /api/v1/hwc/notices/{id}/support': () => ({ path: '/api/v1/hwc/notices/999999/support', ok: 404, body: { support_offered: true } }),
    'GET /api/v1/hwc/schools/{id}/settings': () => ({ path: '/api/v1/hwc/schools/999999/settings', ok: 404 }),
    'PUT /api/v1/hwc/schools/{id}/settings': () => ({ path: '/api/v1/hwc/schools/999999/settings', ok: 404, body: {} }),
    'GET /api/v1/hwc/regions': () => ({ path: '/api/v1/hwc/regions', ok: 200 }),
    'GET /api/v1/hwc/regions/{id}': () => ({ path: '/api/v1/hwc/regions/999999', ok: 404 }),
    'PUT /api/v1/hwc/regions/{id}': () => ({ path: '/api/v1/hwc/regions/999999', ok: 404, body: {} }),
    'POST /api/v1/hwc/escalation/run': () => ({ path: '/api/v1/hwc/escalation/run', ok: 200, body: {} }),
    // Signals and the radar (tests/integration/signals.test.mjs has the flows).
    'GET /api/v1/signal-categories': () => ({ path: '/api/v1/signal-categories', ok: 200 }),
    'PUT /api/v1/signal-categories/{code}': () => ({ path: '/api/v1/signal-categories/Ongeldig!', ok: 422, body: { label_nl: 'x', label_en: 'x', active: true } }),
    'POST /api/v1/signals': () => ({ path: '/api/v1/signals', ok: 422, body: { child: { person_id: 999999999 }, category: 'neglect', level: 1, contact: { phone: '010' } } }),
    'GET /api/v1/signals': () => ({ path: '/api/v1/signals', ok: 200 }),
    'GET /api/v1/signals/unlinked': () => ({ path: '/api/v1/signals/unlinked', ok: 200 }),
    'GET /api/v1/signals/{id}': () => ({ path: '/api/v1/signals/999999', ok: 404 }),
    'POST /api/v1/signals/{id}/link': () => ({ path: '/api/v1/signals/999999/link', ok: 422, body: { person_id: 999999999 } }),
    'POST /api/v1/signals/jobs/run': () => ({ path: '/api/v1/signals/jobs/run', ok: 200, body: {} }),
    'GET /api/v1/signal-matches': () => ({ path: '/api/v1/signal-matches', ok: 200 }),
    'GET /api/v1/signal-matches/stats': () => ({ path: '/api/v1/signal-matches/stats', ok: 200 }),
    'POST /api/v1/signal-matches/{id}/coordinator': () => ({ path: '/api/v1/signal-matches/999999/coordinator', ok: 404 }),
    'POST /api/v1/signal-matches/{id}/follow-up': () => ({ path: '/api/v1/signal-matches/999999/follow-up', ok: 404 }),
    'GET /api/v1/signal-rules': () => ({ path: '/api/v1/signal-rules', ok: 200 }),
    'PUT /api/v1/signal-rules/{code}': () => ({ path: '/api/v1/signal-rules/onbekend', ok: 404, body: { min_signals: 3, min_orgs: 2, window_days: 90, active: true } }),
    'GET /api/v1/signal-reviews': () => ({ path: '/api/v1/signal-reviews', ok: 200 }),
    'POST /api/v1/signal-reviews/{id}/close': () => ({ path: '/api/v1/signal-reviews/999999/close', ok: 404, body: { outcome: 'matrix' } }),
    'GET /api/v1/radar/persons/{id}': () => ({ path: '/api/v1/radar/persons/999999999?reason=matrixtest', ok: 404 }),
    'GET /api/v1/radar/households/{id}': () => ({ path: '/api/v1/radar/households/999999999?reason=matrixtest', ok: 404 }),
    // Record linkage (tests/integration/linkage.test.mjs has the flows).
    'GET /api/v1/linkage/reviews': () => ({ path: '/api/v1/linkage/reviews', ok: 200 }),
    'POST /api/v1/linkage/reviews/{id}/decision': () => ({ path: '/api/v1/linkage/reviews/999999/decision', ok: 404, body: { decision: 'reject' } }),
    'POST /api/v1/linkage/run': () => ({ path: '/api/v1/linkage/run', ok: 200, body: {} }),
    'POST /api/v1/linkage/partial': () => ({ path: '/api/v1/linkage/partial', ok: 422, body: { first_name: 'E', street: 'Lindenlaan' } }),
    // The meldcode (tests/integration/meldcode.test.mjs has the flows).
    'GET /api/v1/meldcode': () => ({ path: '/api/v1/meldcode', ok: 200 }),
    'POST /api/v1/meldcode': () => ({ path: '/api/v1/meldcode', ok: 422, body: { person_id: 999999999, client_kind: 'child' } }),
    'GET /api/v1/meldcode/{id}': () => ({ path: '/api/v1/meldcode/999999', ok: 404 }),
    'POST /api/v1/meldcode/{id}/steps': () => ({ path: '/api/v1/meldcode/999999/steps', ok: 404, body: { version: 1, step: 1, signals: 'matrix' } }),
    'POST /api/v1/meldcode/{id}/answers': () => ({ path: '/api/v1/meldcode/999999/answers', ok: 404, body: { version: 1, question: 1, answer: true, reasons: 'matrix' } }),
    'POST /api/v1/meldcode/{id}/consultation': () => ({ path: '/api/v1/meldcode/999999/consultation', ok: 404, body: { version: 1, question: 'Een vraag voor de matrix' } }),
    'POST /api/v1/meldcode/{id}/decision': () => ({ path: '/api/v1/meldcode/999999/decision', ok: 404, body: { version: 1, action: 'close', reasons: 'matrix' } }),
    'GET /api/v1/meldcode-vt': () => ({ path: '/api/v1/meldcode-vt', ok: 200 }),
    'POST /api/v1/meldcode/jobs/run': () => ({ path: '/api/v1/meldcode/jobs/run', ok: 200, body: {} }),
    // Veilig Thuis (tests/integration/vt.test.mjs has the flows).
    'GET /api/v1/vt/codes': () => ({ path: '/api/v1/vt/codes', ok: 200 }),
    'POST /api/v1/vt/reports': () => ({ path: '/api/v1/vt/reports', ok: 422, body: { reporter: { type: 'professional' }, persons: [{ person_id: 999999999 }], codes: ['witnessing_dv'], summary: 'matrix' } }),
    'GET /api/v1/vt/reports': () => ({ path: '/api/v1/vt/reports', ok: 200 }),
    'POST /api/v1/vt/advice': () => ({ path: '/api/v1/vt/advice', ok: 422, body: { reporter: { type: 'onbekend' }, question: 'matrix' } }),
    'GET /api/v1/vt/reports/{id}': () => ({ path: '/api/v1/vt/reports/999999', ok: 404 }),
    'POST /api/v1/vt/reports/{id}/assessment': () => ({ path: '/api/v1/vt/reports/999999/assessment', ok: 404, body: { version: 1, outcome: 'close', reasons: 'matrix' } }),
    'GET /api/v1/vt/dashboard': () => ({ path: '/api/v1/vt/dashboard', ok: 200 }),
    'POST /api/v1/vt/jobs/run': () => ({ path: '/api/v1/vt/jobs/run', ok: 200, body: {} }),
    'PUT /api/v1/vt/reports/{id}/case': () => ({ path: '/api/v1/vt/reports/999999/case', ok: 404, body: { version: 1 } }),
    'POST /api/v1/vt/reports/{id}/conditions': () => ({ path: '/api/v1/vt/reports/999999/conditions', ok: 404, body: { text: 'matrix', partner: 'wijkteam', monitor_date: '2099-01-01' } }),
    'POST /api/v1/vt/reports/{id}/conditions/{condition}/check': () => ({ path: '/api/v1/vt/reports/999999/conditions/1/check', ok: 404, body: { state: 'met' } }),
    'POST /api/v1/vt/reports/{id}/findings': () => ({ path: '/api/v1/vt/reports/999999/findings', ok: 404, body: { code: 'witnessing_dv', finding: 'bevestigd' } }),
    'POST /api/v1/vt/reports/{id}/hearings': () => ({ path: '/api/v1/vt/reports/999999/hearings', ok: 404, body: { who: 'moeder', date: '2020-01-01', kind: 'hoor' } }),
    'POST /api/v1/vt/reports/{id}/investigation/end': () => ({ path: '/api/v1/vt/reports/999999/investigation/end', ok: 404, body: { version: 1, outcome: 'close', reasons: 'matrix' } }),
    'GET /api/v1/vt/figures': () => ({ path: '/api/v1/vt/figures?year=2026&half=2', ok: 200 }),
    'GET /api/v1/vt/figures.csv': () => ({ path: '/api/v1/vt/figures.csv?year=2026&half=2', ok: 200 }),
    // The child's voice (tests/integration/voice.test.mjs has the flows). Nobody here
    // was chosen by a child: the thread operations answer 403 from the service.
    'GET /api/v1/voice/adults': () => ({ path: '/api/v1/voice/adults', ok: 200 }),
    'POST /api/v1/voice/adults': () => ({ path: '/api/v1/voice/adults', ok: 422, body: { user_id: 999999999, kind: 'trusted_person', display_name: 'matrix' } }),
    'POST /api/v1/voice/adults/{id}/left': () => ({ path: '/api/v1/voice/adults/999999/left', ok: 404 }),
    'GET /api/v1/voice/me': () => ({ path: '/api/v1/voice/me', ok: 404 }),
    'POST /api/v1/voice/me/accept': () => ({ path: '/api/v1/voice/me/accept', ok: 404 }),
    'POST /api/v1/voice/codes': () => ({ path: '/api/v1/voice/codes', ok: 422, body: { kind: 'pin' } }),
    'GET /api/v1/voice/threads': () => ({ path: '/api/v1/voice/threads', ok: 200 }),
    'GET /api/v1/voice/threads/{id}': () => ({ path: '/api/v1/voice/threads/999999', ok: 403 }),
    'POST /api/v1/voice/threads/{id}/replies': () => ({ path: '/api/v1/voice/threads/999999/replies', ok: 403, body: { text: 'matrix' } }),
    'POST /api/v1/voice/threads/{id}/escalations': () => ({ path: '/api/v1/voice/threads/999999/escalations', ok: 403, body: { target: 'vt', consent: true, concern: 'matrix', message_ids: [1] } }),
    'GET /api/v1/voice/escalations': () => ({ path: '/api/v1/voice/escalations', ok: 200 }),
    'GET /api/v1/voice/escalations/{id}': () => ({ path: '/api/v1/voice/escalations/999999', ok: 404 }),
    // JIM mentors invited by e-mail (voice.test.mjs has the flow): a child of
    // another organisation or none, so the invitation is refused per field.
    'POST /api/v1/voice/escalations/{id}/meldcode': () => ({ path: '/api/v1/voice/escalations/999999/meldcode', ok: 404, body: { person_id: 1 } }),
    'GET /api/v1/voice/jim-invitations': () => ({ path: '/api/v1/voice/jim-invitations', ok: 200 }),
    'POST /api/v1/voice/jim-invitations': () => ({ path: '/api/v1/voice/jim-invitations', ok: 422, body: { name: 'matrix', email: 'geen-adres', child_id: 999999999 } }),
    'POST /api/v1/voice/jim-invitations/{id}/withdraw': () => ({ path: '/api/v1/voice/jim-invitations/999999/withdraw', ok: 404 }),
  };
}
