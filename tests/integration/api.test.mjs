// The authorization matrix (every role × every API operation, read from the
// OpenAPI document so that a new endpoint without a row fails) and the OpenAPI
// document itself against what the server answers.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, REPO, startServer, testBsn, uniqueName } from './harness.mjs';

// Y = the role may (the answer is the operation's success status),
// - = refused for the role (403 "je rol mag dit niet"). Anonymous callers
// get 401 on everything that is not public.
const MATRIX = `
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

function parseMatrix(text) {
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

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc) {
  const ops = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of HTTP_METHODS) if (item[m]) ops.push({ op: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), path: p, spec: item[m] });
  }
  return ops;
}

let srv;
let doc;
const facts = {};

describe('API surface', () => {
  before(async () => {
    srv = await startServer();
    doc = JSON.parse(await readFile(path.join(REPO, 'web/api/openapi.json'), 'utf8'));
    const today = new Date().toISOString().slice(0, 10);
    const one = async (sql) => Number((await srv.sql(sql)).split('\n')[0]);
    const schoolId = await one("SELECT org_id FROM users WHERE username = 'school.contact'");
    facts.pupil = await one(`SELECT person_id FROM enrolments WHERE org_id = ${schoolId} AND from_date <= '${today}'
      AND (to_date IS NULL OR to_date >= '${today}') ORDER BY person_id LIMIT 1`);
    const gm = await srv.sql("SELECT o.municipality_code FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = 'jgz'");
    facts.resident = await one(`SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id
      WHERE h.municipality_code = '${gm}' ORDER BY p.id LIMIT 1`);
    assert.ok(facts.pupil > 0 && facts.resident > 0);
  });
  after(async () => { await srv?.stop(); });

  // A person the role may see by need-to-know (so that "Y" means 200).
  const visibleTo = (role) => (role.startsWith('school_') ? facts.pupil : facts.resident);

  // For each operation: the request a role makes, and the status when allowed.
  const REQUESTS = {
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
    'GET /api/v1/persons/{id}': (role) => ({ path: `/api/v1/persons/${visibleTo(role)}`, ok: 200 }),
    'GET /api/v1/persons/{id}/access-log': (role) => ({ path: `/api/v1/persons/${visibleTo(role)}/access-log`, ok: 200 }),
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

  test('the matrix has a row for every operation in the OpenAPI document, and a column for every role', () => {
    const { roles, rows } = parseMatrix(MATRIX);
    const documented = operations(doc).map((o) => o.op).sort();
    assert.deepEqual([...rows.keys()].sort(), documented, 'MATRIX rows = OpenAPI operations');
    assert.deepEqual([...roles].sort(), srv.roles().sort(), 'MATRIX columns = the demo roles');
    for (const op of documented) assert.ok(op === 'POST /api/v1/sessions' || REQUESTS[op], `no request for ${op}`);
  });

  test('every role × every operation against the running server', async () => {
    const { roles, rows } = parseMatrix(MATRIX);
    const publicOps = new Set(operations(doc).filter((o) => Array.isArray(o.spec.security) && o.spec.security.length === 0).map((o) => o.op));
    const mismatches = [];
    for (const role of roles) {
      // The login itself is the POST /api/v1/sessions cell.
      const login = await srv.loginRaw(role);
      const may = rows.get('POST /api/v1/sessions')[role];
      if ((login.status === 201) !== may) mismatches.push(`${role} POST /api/v1/sessions: ${login.status}`);
      const token = login.json?.token;
      // The logout comes last: it ends the session.
      const ops = [...rows.keys()].filter((op) => op !== 'POST /api/v1/sessions').sort((a, b) => (a.startsWith('DELETE') ? 1 : 0) - (b.startsWith('DELETE') ? 1 : 0));
      for (const op of ops) {
        const [method] = op.split(' ');
        const req = REQUESTS[op](role);
        const r = await srv.api(method, req.path, { token, body: req.body });
        const allowed = rows.get(op)[role];
        if (allowed) {
          if (r.status !== req.ok) mismatches.push(`${role} ${op}: expected ${req.ok}, got ${r.status} ${r.text.slice(0, 120)}`);
        } else if (r.status !== 403 || r.json?.detail !== 'je rol mag dit niet') {
          mismatches.push(`${role} ${op}: expected 403 (role), got ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
    }
    // Anonymous: 401 on everything that is not public.
    for (const op of rows.keys()) {
      if (op === 'POST /api/v1/sessions') continue;
      const [method] = op.split(' ');
      const req = REQUESTS[op]('police');
      const r = await srv.api(method, req.path, { body: req.body });
      if (publicOps.has(op)) {
        if (r.status !== req.ok) mismatches.push(`anonymous ${op} (public): expected ${req.ok}, got ${r.status}`);
      } else if (r.status !== 401 || !/problem\+json/.test(r.contentType)) {
        mismatches.push(`anonymous ${op}: expected 401, got ${r.status}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  describe('OpenAPI', () => {
    test('GET /api/v1/openapi.json is the repository\'s document: valid JSON, OpenAPI 3.1.0', async () => {
      const r = await srv.api('GET', '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      assert.match(r.contentType, /^application\/json/);
      const served = JSON.parse(r.text);
      assert.equal(served.openapi, '3.1.0');
      assert.deepEqual(served, doc);
      assert.equal(typeof served.info.title, 'string');
      assert.ok(Object.keys(served.paths).length >= 8);
    });

    test('every $ref resolves; every secured operation documents 401 and 403', () => {
      const refs = [];
      const walk = (v) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === '$ref') refs.push(x);
            else walk(x);
          }
        }
      };
      walk(doc);
      assert.ok(refs.length > 5);
      for (const ref of refs) {
        assert.match(ref, /^#\//);
        let node = doc;
        for (const part of ref.slice(2).split('/')) node = node?.[part];
        assert.ok(node, `${ref} does not resolve`);
      }
      for (const o of operations(doc)) {
        const secured = !(Array.isArray(o.spec.security) && o.spec.security.length === 0);
        if (!secured) continue;
        assert.ok(o.spec.responses['401'], `${o.op} documents 401`);
      }
    });

    test('every /api/v1 route the server registers is documented with its method', async () => {
      // The routes as registered in the source: Router::Add("METHOD", "/path", ...).
      const routes = [];
      const walkDir = async (dir) => {
        for (const e of await readdir(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) await walkDir(p);
          else if (e.name.endsWith('.cc') && !e.name.endsWith('_test.cc')) {
            const src = await readFile(p, 'utf8');
            for (const m of src.matchAll(/\.Add\(\s*"([A-Z]+)",\s*"([^"]+)"/g)) routes.push({ method: m[1], path: m[2], file: p });
          }
        }
      };
      await walkDir(path.join(REPO, 'src'));
      const api = routes.filter((r) => r.path.startsWith('/api/'));
      assert.ok(api.length >= 8, `found only ${api.length} API routes in src/`);
      const missing = api.filter((r) => !doc.paths[r.path]?.[r.method.toLowerCase()])
        .map((r) => `${r.method} ${r.path} (${path.relative(REPO, r.file)})`);
      assert.deepEqual(missing, [], 'routes missing from web/api/openapi.json');
      // And the other way round: every documented operation is routed.
      const routed = new Set(routes.map((r) => `${r.method} ${r.path}`));
      for (const o of operations(doc)) assert.ok(routed.has(o.op), `${o.op} is documented but not routed`);
    });

    test('the server answers nothing undocumented under /api/v1', async () => {
      const token = await srv.login('vt_supervisor');
      const id = facts.resident;
      // Undocumented methods on documented paths.
      for (const [p, item] of Object.entries(doc.paths)) {
        const concrete = p.replace('{id}', String(id));
        for (const m of HTTP_METHODS) {
          if (item[m]) continue;
          if (p === '/api/v1/persons/{id}' && m === 'post') continue; // POST /api/v1/persons/lookup's sibling: 405 below
          const r = await srv.api(m.toUpperCase(), concrete, { token, body: m === 'get' || m === 'delete' ? undefined : {} });
          assert.ok(r.status === 405 || r.status === 404, `${m.toUpperCase()} ${concrete}: ${r.status} ${r.text.slice(0, 100)}`);
        }
      }
      assert.equal((await srv.api('POST', `/api/v1/persons/${id}`, { token, body: {} })).status, 405);
      // Paths nobody documented.
      for (const p of ['/api/v1', '/api/v1/', '/api/v1/users', '/api/v1/admin', '/api/v1/persons/1/2',
        `/api/v1/persons/${id}/access-log/1`, '/api/v1/sessions/other', '/api/v1/audit', '/api/v2/persons',
        '/api/v1/persons/../sessions', '/api/v1/%2e%2e/health']) {
        const r = await srv.api('GET', p, { token });
        assert.ok(r.status === 404 || r.status === 405, `GET ${p}: ${r.status}`);
        assertProblem(r, r.status, p);
      }
    });

    test('API answers are never cached and are sent with nosniff', async () => {
      const r = await srv.api('GET', '/api/v1/organisations', { token: await srv.login('police') });
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    });
  });
});
