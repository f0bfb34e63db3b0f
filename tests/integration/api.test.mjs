// The authorization matrix (every role × every API operation, read from the
// OpenAPI document so that a new endpoint without a row fails; the MATRIX and
// a request per operation are in api_surface.mjs) and the OpenAPI
// document itself against what the server answers.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  loadFacts, loadOpenApi, makeRequests, MATRIX, operations, parseMatrix, HTTP_METHODS,
} from './api_surface.mjs';
import { assertProblem, REPO, startServer } from './harness.mjs';

let srv;
let doc;
let facts;
let REQUESTS;

describe('API surface', () => {
  before(async () => {
    srv = await startServer();
    doc = await loadOpenApi();
    facts = await loadFacts(srv);
    REQUESTS = makeRequests(facts);
  });
  after(async () => { await srv?.stop(); });

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
