// The library of hostile strings that hostile.test.mjs sends into every field
// of every API operation and tests/e2e/forms.test.mjs into every form field:
// SQL, HTML and script, template syntax, path traversal, header injection,
// format strings, Unicode that trips naive code, over-long text — and, as raw
// bytes (a JS string cannot hold them), invalid and over-long UTF-8.
//
// The script payloads set window.__pwned (and a data-pwned attribute) instead
// of alert(), so a browser test can see whether one ever ran.

export const HOSTILE = [
  // SQL
  "Robert'); DROP TABLE persons;--",
  "' OR '1'='1",
  "1' UNION SELECT username, password_hash FROM users--",
  '1; DELETE FROM audit_log; --',
  '" OR ""="',
  "x'; UPDATE users SET role='admin' WHERE '1'='1",
  "'; SELECT pg_sleep(10); --",
  '\\',
  // HTML and script
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=1">',
  "' autofocus onfocus='window.__pwned=1' x='",
  '</textarea><script>window.__pwned=1</script>',
  '</title><script>window.__pwned=1</script>',
  '<a href="javascript:window.__pwned=1" data-pwned="1">x</a>',
  "javascript:window.__pwned=1",
  '<!--',
  ']]><![CDATA[',
  '&lt;script&gt;&amp;',
  // templates (mustache, shell, JS)
  '{{csrf}}',
  '{{{content}}}',
  '{{#t}}x{{/t}}',
  '${7*7}',
  '`id`',
  // path traversal
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd\u0000.png',
  // header injection
  'x\r\nSet-Cookie: pwned=1',
  'x%0d%0aSet-Cookie:%20pwned=1',
  // format strings, control characters
  '%s%s%s%n',
  '%00',
  'nul\u0000byte',
  'esc\u001b[31m',
  'tab\tand\vvt',
  'a\nb',
  '\u0085\u2028\u2029',
  // Unicode
  'Zoë Ørsted-Müller',
  '山田 太郎',
  '👧🏽👨‍👩‍👧',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  'e\u0301\u0301\u0301',
  '\uD800',                 // a lone surrogate: JSON sends it as the escape \ud800
  '\uFFFF\uFFFE',
  // edge values
  '',
  '   ',
  'null',
  '0',
  '-1',
  '99999999999999999999999',
  'true',
  // over-long
  'x'.repeat(101),
  'ü'.repeat(201),
  'y'.repeat(5000),
  'z'.repeat(70000),
];

// Byte sequences no valid UTF-8 text contains, sent raw inside a JSON string
// or a form value.
export const INVALID_UTF8 = [
  { name: 'lone continuation 0x80', bytes: [0x61, 0x80, 0x62] },
  { name: '0xff 0xfe', bytes: [0xff, 0xfe] },
  { name: 'bad continuation c3 28', bytes: [0xc3, 0x28] },
  { name: 'over-long "/" c0 af', bytes: [0xc0, 0xaf] },
  { name: 'over-long "/" e0 80 af', bytes: [0xe0, 0x80, 0xaf] },
  { name: 'over-long NUL c0 80', bytes: [0xc0, 0x80] },
  { name: 'surrogate ed a0 80', bytes: [0xed, 0xa0, 0x80] },
  { name: 'above U+10FFFF f4 90 80 80', bytes: [0xf4, 0x90, 0x80, 0x80] },
  { name: 'truncated e2 82', bytes: [0x61, 0xe2, 0x82] },
];

// A short, printable description of a hostile string for messages.
export function describeHostile(s) {
  const j = JSON.stringify(s);
  return j.length > 70 ? `${j.slice(0, 50)}…(${s.length} chars)` : j;
}

// Whether `s` contains something HTML would read as markup.
export const hasMarkup = (s) => /[<>&"']/.test(s);
