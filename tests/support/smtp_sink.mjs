#!/usr/bin/env node
// A small SMTP sink for tests: accepts every message and writes it to a file.
//
//   node tests/support/smtp_sink.mjs DIR [--port N] [--host 127.0.0.1]
//
// Prints "SMTP-sink luistert op PORT" once it listens. Each message becomes
// DIR/<n>-<time>.eml: two envelope lines (X-Sink-Mail-From, X-Sink-Rcpt-To)
// followed by the message exactly as received (dot-stuffing undone), written
// to a temporary name first and renamed, so a reader never sees half a file.
//
// Speaks what libcurl needs: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
// QUIT. It offers no AUTH and no STARTTLS (it refuses AUTH honestly, unlike
// postfix's smtp-sink, which fakes it). SIGTERM/SIGINT end it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const args = process.argv.slice(2);
let dir;
let port = 0;
let host = '127.0.0.1';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (args[i] === '--host') host = args[++i];
  else if (!dir) dir = args[i];
  else {
    console.error(`onbekend argument: ${args[i]}`);
    process.exit(2);
  }
}
if (!dir) {
  console.error('gebruik: smtp_sink.mjs DIR [--port N] [--host ADRES]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

let seq = 0;
const NAME = 'inbeeld-smtp-sink';

function store(from, rcpts, data) {
  seq += 1;
  const base = `${String(seq).padStart(6, '0')}-${Date.now()}`;
  const tmp = path.join(dir, `.${base}.tmp`);
  const envelope = `X-Sink-Mail-From: ${from}\r\nX-Sink-Rcpt-To: ${rcpts.join(', ')}\r\n`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(envelope), data]));
  renameSync(tmp, path.join(dir, `${base}.eml`));
  return seq;
}

const server = net.createServer((sock) => {
  let buf = Buffer.alloc(0);
  let inData = false;
  let from = null;
  let rcpts = [];
  const reply = (line) => { if (!sock.destroyed) sock.write(`${line}\r\n`); };
  const reset = () => { from = null; rcpts = []; };
  reply(`220 ${NAME} ESMTP`);

  const command = (line) => {
    const verb = line.slice(0, 4).toUpperCase();
    const rest = line.slice(4).trim();
    switch (verb) {
      case 'EHLO':
        reset();
        reply(`250-${NAME}`);
        reply('250-8BITMIME');
        reply('250-SMTPUTF8');
        reply('250 SIZE 10485760');
        break;
      case 'HELO': reset(); reply(`250 ${NAME}`); break;
      case 'MAIL': {
        const m = rest.match(/^FROM:\s*<([^>]*)>/i);
        if (!m) { reply('501 syntax: MAIL FROM:<address>'); break; }
        reset();
        from = m[1];
        reply('250 OK');
        break;
      }
      case 'RCPT': {
        const m = rest.match(/^TO:\s*<([^>]+)>/i);
        if (!m) { reply('501 syntax: RCPT TO:<address>'); break; }
        if (from === null) { reply('503 MAIL first'); break; }
        rcpts.push(m[1]);
        reply('250 OK');
        break;
      }
      case 'DATA':
        if (from === null || rcpts.length === 0) { reply('503 MAIL and RCPT first'); break; }
        inData = true;
        reply('354 End data with <CR><LF>.<CR><LF>');
        break;
      case 'RSET': reset(); reply('250 OK'); break;
      case 'NOOP': reply('250 OK'); break;
      case 'QUIT': reply(`221 ${NAME} closing`); sock.end(); break;
      case 'AUTH': reply('502 AUTH not supported by this sink'); break;
      default: reply('502 command not implemented');
    }
  };

  sock.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (inData) {
        // The data ends with CRLF.CRLF; the message may itself start with ".CRLF".
        let end = buf.indexOf('\r\n.\r\n');
        let cut = 5;
        if (buf.subarray(0, 3).toString() === '.\r\n') { end = 0; cut = 3; }
        if (end < 0) return;
        const raw = end === 0 && cut === 3 ? '' : buf.subarray(0, end + 2).toString('binary');
        buf = buf.subarray(end + cut);
        const body = Buffer.from(raw.replace(/(^|\r\n)\.\./g, '$1.'), 'binary');
        const n = store(from, rcpts, body);
        inData = false;
        reset();
        reply(`250 OK queued as ${n}`);
        continue;
      }
      const eol = buf.indexOf('\r\n');
      if (eol < 0) {
        if (buf.length > 4096) { reply('500 line too long'); sock.destroy(); }
        return;
      }
      const line = buf.subarray(0, eol).toString('utf8');
      buf = buf.subarray(eol + 2);
      command(line);
    }
  });
  sock.on('error', () => {});
});

server.listen(port, host, () => {
  console.log(`SMTP-sink luistert op ${server.address().port}`);
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
