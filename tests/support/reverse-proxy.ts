import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:net';
import { freePort } from './course-server';

/**
 * The README's reverse-proxy recipes, run for real: Debian's Caddy and nginx with the files in deploy/, on
 * loopback, with a self-signed certificate made here (never downloaded). Only names, addresses and certificate
 * paths are put in; everything else (TLS, streaming, body size, timeouts, forwarded headers) is the file as shipped.
 */

export const PUBLIC_HOST = 'course.test';

export interface TestCertificate {
  dir: string;
  cert: string;
  key: string;
  pem: string;
}

/** A self-signed certificate for course.test, localhost and 127.0.0.1, made with openssl. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'wfp-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${PUBLIC_HOST}`, '-addext', `subjectAltName=DNS:${PUBLIC_HOST},DNS:localhost,IP:127.0.0.1`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { dir, cert, key, pem: readFileSync(cert, 'utf8') };
}

export interface RunningProxy {
  kind: 'caddy' | 'nginx';
  /** The public origin browsers use, e.g. https://course.test:4492 (course.test resolves to 127.0.0.1 in tests). */
  origin: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The proxy exited early:\n${output()}`);
    const open = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), r(true)));
      s.on('error', () => r(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`The proxy did not listen on ${port} in 20 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(kind: RunningProxy['kind'], command: string, args: string[], env: NodeJS.ProcessEnv, port: number, cleanup: () => void): Promise<RunningProxy> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const proxy: RunningProxy = {
    kind,
    origin: `https://${PUBLIC_HOST}:${port}`,
    port,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      cleanup();
    },
  };
  return waitForPort(port, child, () => log).then(
    () => proxy,
    async (error) => {
      await proxy.stop();
      throw error;
    },
  );
}

/** deploy/Caddyfile, with the site name, certificate and upstreams given through its environment variables. */
export async function startCaddy(upstreams: string[], tls: TestCertificate, port?: number): Promise<RunningProxy> {
  port ??= await freePort();
  const home = mkdtempSync(join(tmpdir(), 'wfp-caddy-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    CADDY_ADMIN: 'off',
    CADDY_HTTP_PORT: String(await freePort()),
    CADDY_HTTPS_PORT: String(port),
    COURSE_SITE: `https://${PUBLIC_HOST}:${port}`,
    COURSE_TLS: `tls ${tls.cert} ${tls.key}`,
    COURSE_UPSTREAMS: upstreams.join(' '),
  };
  return run('caddy', 'caddy', ['run', '--config', resolve('deploy/Caddyfile'), '--adapter', 'caddyfile'], env, port, () => rmSync(home, { recursive: true, force: true }));
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`deploy/nginx.conf no longer contains ${String(from)}: update tests/support/reverse-proxy.ts with it.`);
  return out;
}

/** deploy/nginx.conf inside a minimal main configuration, with only names, ports, upstreams and certificate paths put in. */
export async function startNginx(upstreams: string[], tls: TestCertificate, port?: number): Promise<RunningProxy> {
  port ??= await freePort();
  const httpPort = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), 'wfp-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers (user nobody) keep large request bodies in temp dirs under it
  mkdirSync(join(prefix, 'logs'));
  let site = readFileSync('deploy/nginx.conf', 'utf8');
  site = replaceOnce(site, /^(\s*)server 127\.0\.0\.1:4321 (.*)$/m, upstreams.map((u) => `$1server ${u} $2`).join('\n'));
  site = replaceOnce(site, /^\s*listen \[::\]:80;\n/m, '');
  site = replaceOnce(site, /listen 80;/, `listen 127.0.0.1:${httpPort};`);
  site = replaceOnce(site, /^\s*listen \[::\]:443 ssl http2;\n/m, '');
  site = replaceOnce(site, /listen 443 ssl http2;/, `listen 127.0.0.1:${port} ssl http2;`);
  site = site.replaceAll('server_name course.example.com;', `server_name ${PUBLIC_HOST};`);
  site = replaceOnce(site, /ssl_certificate\s+\S+;/, `ssl_certificate ${tls.cert};`);
  site = replaceOnce(site, /ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${tls.key};`);
  writeFileSync(join(prefix, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(prefix, t)};`).join('\n    ');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${join(prefix, 'nginx.pid')};\nerror_log stderr warn;\nevents { worker_connections 1024; }\nhttp {\n    access_log off;\n    ${temp}\n    include ${join(prefix, 'site.conf')};\n}\n`,
  );
  execFileSync('nginx', ['-t', '-q', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'pipe' });
  return run('nginx', 'nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { PATH: process.env.PATH }, port, () => rmSync(prefix, { recursive: true, force: true }));
}

export interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The learner's machine: any loopback address but the proxy's own (127.0.0.1, which TRUST_PROXY names). */
export const LEARNER_ADDRESS = '127.0.0.5';

/**
 * One request to the proxy as a browser on https://course.test sends it (SNI and Host course.test, our test CA),
 * from the learner's address.
 */
export function httpsRequest(proxy: RunningProxy, tls: TestCertificate, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; onData?: (chunk: string) => void; localAddress?: string; timeoutMs?: number } = {}): Promise<HttpsResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: proxy.port, localAddress: init.localAddress ?? LEARNER_ADDRESS, servername: PUBLIC_HOST, ca: tls.pem, path, method: init.method ?? 'GET', headers: { host: `${PUBLIC_HOST}:${proxy.port}`, ...init.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          init.onData?.(d);
        });
        res.on('error', reject);
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (init.timeoutMs) req.setTimeout(init.timeoutMs, () => req.destroy(new Error(`no answer in ${init.timeoutMs} ms`)));
    req.end(init.body);
  });
}
