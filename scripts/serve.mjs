// Starts the built server (dist/) on http://localhost:4321 unless HOST/PORT say otherwise.
// Binds to loopback by default: the lab server runs learners' code and should not face a network unasked.
// Our own http server wraps Astro's handler so every response, prerendered pages and static files included,
// carries the security headers of src/server/http/response-headers.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import './ts-hooks.mjs';

const entry = fileURLToPath(new URL('../dist/server/entry.mjs', import.meta.url));
const clientDir = fileURLToPath(new URL('../dist/client/', import.meta.url));
if (!existsSync(entry)) {
  console.error('No build found in dist/. Run `npm run build` (or `npm start`, which builds first).');
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '4321');
process.env.ASTRO_NODE_AUTOSTART = 'disabled';

// Settings that would make the server unsafe or unusable stop it here, with a message naming the setting.
const { startupErrors } = await import('../src/server/startup-checks.ts');
const problems = startupErrors(process.env);
if (problems.length > 0) {
  console.error(`The course server did not start:\n\n${problems.join('\n\n')}\n`);
  process.exit(1);
}

const { responseHeaders, registerScriptHashes, inlineScriptHashes } = await import('../src/server/http/response-headers.ts');
const { MAX_REQUEST_BYTES } = await import('../src/server/http/body-limits.ts');
const { ALLOW_HEADER, methodRefusal, rawRefusal } = await import('../src/server/http/methods.ts');
const { strictTransportSecurity } = await import('../src/server/http/site-origin.ts');

// The CSP allows the built pages' inline scripts by hash; collect them once.
function* htmlFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* htmlFiles(p);
    else if (e.name.endsWith('.html')) yield p;
  }
}
for (const file of htmlFiles(clientDir)) registerScriptHashes(inlineScriptHashes(readFileSync(file, 'utf8')));

// Connect to the store and migrate before listening: a wrong DATABASE_URL (or an unwritable COURSE_DATA_DIR) stops
// the start with a message naming the setting, not a stack trace at the first request.
const { getStore } = await import('../src/server/store/instance.ts');
try {
  await getStore().ready();
} catch (error) {
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}
const { loadFramePolicy } = await import('../src/server/http/frame-policy.ts');

const { handler } = await import(entry);
const { handleTailUpgrade } = await import('../src/server/lab-api/tail-socket.ts');

const headerValue = (v) => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);
const safely = (fn) => {
  try {
    return fn();
  } catch {
    return null; // a malformed request line or header: no HSTS for it, never a crash
  }
};

const server = http.createServer(async (req, res) => {
  let pathname = '/';
  try {
    pathname = new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    /* a malformed target still gets the default headers */
  }
  // Pages an LMS may frame name the approved platforms (read from the store, cached for a second).
  await loadFramePolicy(pathname).catch(() => {});
  for (const [name, value] of Object.entries(responseHeaders(pathname))) res.setHeader(name, value);
  // TRACE, TRACK, WebDAV and unknown methods: 405/501 with Allow, before Astro (which answered TRACE with a 500).
  const refusal = methodRefusal(req.method);
  if (refusal) {
    res.writeHead(refusal.status, { allow: ALLOW_HEADER, 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : refusal.body);
    req.resume();
    return;
  }
  // HSTS whenever the public origin is https (SITE_ORIGIN, or a trusted proxy's X-Forwarded-Proto).
  const requestView = { url: `http://localhost${req.url ?? '/'}`, headers: { get: (name) => headerValue(req.headers[name]) } };
  const hsts = safely(() => strictTransportSecurity(requestView, req.socket.remoteAddress ?? ''));
  if (hsts) res.setHeader('Strict-Transport-Security', hsts);
  // A declared oversize body is refused before any route runs; chunked bodies are capped as routes read them
  // (src/server/http/read-capped.ts).
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ error: { code: 'too_large', message: 'Request body is too large.' } }));
    req.resume();
    return;
  }
  handler(req, res);
});
// A reverse proxy reuses idle connections for up to a minute (nginx's upstream keepalive_timeout, deploy/Caddyfile's
// keepalive): Node's default of 5 s would close them under its feet, and a POST sent on one is answered 502.
server.keepAliveTimeout = 75_000;
server.headersTimeout = 80_000;
// CONNECT never reaches the request handler, and a method Node's parser does not know (TRACK, FOO) is a parse
// error: both get a real answer with Allow instead of a dropped socket or a bare 400.
server.on('connect', (req, socket) => {
  const refusal = methodRefusal('CONNECT');
  socket.end(rawRefusal(refusal.status, refusal.body));
});
server.on('clientError', (error, socket) => {
  if (!socket.writable) return socket.destroy();
  if (error.code === 'HPE_INVALID_METHOD') {
    const refusal = methodRefusal('UNKNOWN-METHOD');
    return socket.end(rawRefusal(501, refusal.body));
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
});
// WebSocket upgrades: only live tails (`wrangler tail`); anything else is refused.
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (!handleTailUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
server.listen(port, host, () => {
  console.log(`Course server listening on http://${host}:${port}`);
  // One request of our own starts the lab engine now (it starts with the first request it serves), so its
  // capacity and cost line is printed at start and the warm pool fills before the first learner arrives.
  const address = server.address();
  const origin = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : `http://${host}:${port}`;
  fetch(`${origin}/api/health`).catch(() => {});
});
