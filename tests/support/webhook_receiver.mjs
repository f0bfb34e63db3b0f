#!/usr/bin/env node
// A webhook receiver for tests: checks InBeeld's signature and writes each
// verified delivery to a file.
//
//   node tests/support/webhook_receiver.mjs DIR (--secret S | --secret-file F)
//        [--port N] [--status CODE]
//
// Prints "webhook-ontvanger luistert op PORT". For every POST it checks
//   X-InBeeld-Signature == "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body))
// (constant-time) and that X-InBeeld-Timestamp is within 5 minutes. Verified:
// writes DIR/<n>.json {idempotency_key, timestamp, body, duplicate} and answers
// --status (default 200); a repeated Idempotency-Key is recorded with
// duplicate: true and answered 200 as well. Not verified: 401, nothing written.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const args = process.argv.slice(2);
let dir;
let port = 0;
let secret;
let status = 200;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (args[i] === '--secret') secret = args[++i];
  else if (args[i] === '--secret-file') secret = readFileSync(args[++i], 'utf8').trim();
  else if (args[i] === '--status') status = Number(args[++i]);
  else if (!dir) dir = args[i];
  else {
    console.error(`onbekend argument: ${args[i]}`);
    process.exit(2);
  }
}
if (!dir || secret === undefined) {
  console.error('gebruik: webhook_receiver.mjs DIR (--secret S | --secret-file F) [--port N] [--status CODE]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

let seq = 0;
const seen = new Set();

export function signature(key, timestamp, body) {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const ts = req.headers['x-inbeeld-timestamp'] || '';
    const sig = req.headers['x-inbeeld-signature'] || '';
    const key = req.headers['idempotency-key'] || '';
    const expected = signature(secret, ts, body);
    const fresh = /^\d+$/.test(ts) && Math.abs(Date.now() / 1000 - Number(ts)) <= 300;
    const ok = req.method === 'POST' && fresh && sig.length === expected.length
      && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
    if (!ok) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature\n');
      return;
    }
    seq += 1;
    const record = { idempotency_key: key, timestamp: ts, body: body.toString('utf8'), duplicate: seen.has(key) };
    seen.add(key);
    const file = path.join(dir, `${String(seq).padStart(6, '0')}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(record));
    renameSync(`${file}.tmp`, file);
    res.writeHead(record.duplicate ? 200 : status, { 'content-type': 'application/json' }).end('{}');
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`webhook-ontvanger luistert op ${server.address().port}`);
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
