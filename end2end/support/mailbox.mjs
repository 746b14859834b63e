#!/usr/bin/env node
// A mailbox for end-to-end tests, on loopback only:
//
//  - a real SMTP listener (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH) that
//    keeps every message, decoding quoted-printable and base64 bodies and RFC 2047 headers the
//    way lettre sends them — point the server at it with PARTA_SMTP_URL=smtp://127.0.0.1:<smtp>;
//  - an HTTP SMS gateway: POST /sms with JSON {"to": "+79…", "text": "…"}, answered 200 —
//    PARTA_SMS_URL=http://127.0.0.1:<http>/sms;
//  - a small read API on the same HTTP port for tests:
//      GET    /messages[?to=…][&channel=email|sms]   every kept message, oldest first
//      GET    /messages/latest?to=…[&channel=…]       the newest one, or 404
//      DELETE /messages                                forget everything
//      GET    /healthz
//    A message is {id, channel, from, to: [..], subject, text, receivedAt}; `to` matches a
//    recipient case-insensitively (an e-mail address or a phone number as the server sent it).
//
// Usage: node mailbox.mjs [--ports FILE]
// Prints (and writes to FILE) one line: `smtp=<port> http=<port>`. Stops on SIGTERM/SIGINT.

import * as net from 'node:net';
import * as http from 'node:http';
import * as fs from 'node:fs';

const messages = [];
let nextId = 1;

function keep(message) {
  const kept = { id: nextId++, receivedAt: new Date().toISOString(), ...message };
  messages.push(kept);
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Decoding what lettre sends

function decodeQuotedPrintable(text) {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

/** `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words, adjacent ones joined as RFC 2047 says. */
export function decodeEncodedWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, encoding, data) => {
      const bytes =
        encoding.toLowerCase() === 'b'
          ? Buffer.from(data, 'base64')
          : decodeQuotedPrintable(data.replace(/_/g, ' '));
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return bytes.toString('utf8');
      }
    });
}

/** Headers (unfolded, lower-case names) and the raw body of one entity. */
function splitEntity(raw) {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers, body) {
  const encoding = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  const type = headers['content-type'] || 'text/plain; charset=utf-8';
  const charset = (/charset="?([^";]+)"?/i.exec(type) || [])[1] || 'utf-8';
  let bytes;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else bytes = Buffer.from(body, 'binary');
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** The readable text of a message: its body, or the first text/plain part of a multipart one. */
function readableText(headers, body) {
  const type = headers['content-type'] || '';
  const boundary = (/boundary="?([^";]+)"?/i.exec(type) || [])[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    const entities = parts.map((p) => splitEntity(p.replace(/^\r?\n/, '')));
    const plain = entities.find((e) => /^text\/plain/i.test(e.headers['content-type'] || 'text/plain')) || entities[0];
    return plain ? readableText(plain.headers, plain.body) : '';
  }
  return decodeBody(headers, body);
}

export function parseMail(raw) {
  const { headers, body } = splitEntity(raw);
  return {
    subject: decodeEncodedWords(headers['subject'] || ''),
    fromHeader: decodeEncodedWords(headers['from'] || ''),
    toHeader: decodeEncodedWords(headers['to'] || ''),
    text: readableText(headers, body).replace(/\r\n/g, '\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// SMTP

function address(argument) {
  const m = /<([^>]*)>/.exec(argument);
  return (m ? m[1] : argument.split(/\s+/)[0] || '').trim();
}

function smtpSession(socket) {
  // Bytes are kept as latin1 so 8-bit bodies survive until decoding.
  socket.setEncoding('latin1');
  let buffer = '';
  let inData = false;
  let envelope = { from: '', to: [] };
  const reply = (line) => socket.write(`${line}\r\n`);
  reply('220 parta-mailbox ESMTP ready');

  socket.on('data', (chunk) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.search(/(^|\r\n)\.\r\n/);
        if (end < 0) return;
        const dataEnd = buffer.startsWith('.\r\n') ? 0 : end;
        const raw = buffer.slice(0, dataEnd).split('\r\n').map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
        buffer = buffer.slice(buffer.indexOf('.\r\n', dataEnd) + 3);
        inData = false;
        const parsed = parseMail(Buffer.from(raw, 'latin1').toString('latin1'));
        const kept = keep({ channel: 'email', from: envelope.from, to: envelope.to, subject: parsed.subject, text: parsed.text });
        envelope = { from: '', to: [] };
        reply(`250 2.0.0 kept as ${kept.id}`);
        continue;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.split(' ')[0].toUpperCase();
      const argument = line.slice(verb.length).trim();
      switch (verb) {
        case 'EHLO':
          socket.write('250-parta-mailbox\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n');
          break;
        case 'HELO':
          reply('250 parta-mailbox');
          break;
        case 'MAIL':
          envelope = { from: address(argument.replace(/^FROM:/i, '')), to: [] };
          reply('250 2.1.0 OK');
          break;
        case 'RCPT':
          envelope.to.push(address(argument.replace(/^TO:/i, '')));
          reply('250 2.1.5 OK');
          break;
        case 'DATA':
          if (envelope.to.length === 0) {
            reply('503 5.5.1 RCPT first');
            break;
          }
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
          break;
        case 'RSET':
          envelope = { from: '', to: [] };
          reply('250 2.0.0 OK');
          break;
        case 'NOOP':
          reply('250 2.0.0 OK');
          break;
        case 'QUIT':
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        default:
          reply('502 5.5.2 Command not implemented');
      }
    }
  });
  socket.on('error', () => {});
}

// ---------------------------------------------------------------------------------------------
// HTTP: the SMS gateway and the read API

function matches(message, query) {
  const to = query.get('to');
  const channel = query.get('channel');
  if (channel && message.channel !== channel) return false;
  if (to && !message.to.some((r) => r.toLowerCase() === to.toLowerCase())) return false;
  return true;
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function httpHandler(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/sms') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const { to, text } = JSON.parse(body);
        if (typeof to !== 'string' || typeof text !== 'string') throw new Error('to and text are required');
        const kept = keep({ channel: 'sms', from: '', to: [to], subject: '', text });
        json(res, 200, { ok: true, id: kept.id });
      } catch (e) {
        json(res, 400, { ok: false, error: String(e.message || e) });
      }
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/messages') return json(res, 200, messages.filter((m) => matches(m, url.searchParams)));
  if (req.method === 'GET' && url.pathname === '/messages/latest') {
    const found = messages.filter((m) => matches(m, url.searchParams));
    return found.length ? json(res, 200, found[found.length - 1]) : json(res, 404, { error: 'no message' });
  }
  if (req.method === 'DELETE' && url.pathname === '/messages') {
    messages.length = 0;
    return json(res, 200, { ok: true });
  }
  if (req.method === 'GET' && url.pathname === '/healthz') return json(res, 200, { ok: true, messages: messages.length });
  json(res, 404, { error: 'not found' });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const portsFile = args[args.indexOf('--ports') + 1 || -1];
  const smtp = net.createServer(smtpSession);
  const web = http.createServer(httpHandler);
  await new Promise((ok) => smtp.listen(0, '127.0.0.1', ok));
  await new Promise((ok) => web.listen(0, '127.0.0.1', ok));
  const line = `smtp=${smtp.address().port} http=${web.address().port}`;
  if (args.includes('--ports') && portsFile) fs.writeFileSync(portsFile, `${line}\n`);
  console.log(line);
  const stop = () => {
    smtp.close();
    web.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
