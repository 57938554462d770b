import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';

/** Issue 19: every method on every path answers 2xx-4xx; TRACE and friends get 405/501 with Allow. Sent raw, as a scanner sends it. */
let server: CourseServer;
const asset = `/_astro/${readdirSync('dist/client/_astro').find((f) => f.endsWith('.js'))}`;
const PATHS = ['/api/health', '/api/auth/me', '/api/sandboxes', '/instructor/', asset, '/lti/jwks', '/foundations/welcome/'];

/** One raw HTTP/1.1 exchange; resolves with the status line and headers. */
function raw(method: string, path: string): Promise<{ status: number; headers: string; text: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${method} ${path}: no answer`)));
    socket.on('connect', () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (!m) return reject(new Error(`${method} ${path}: no HTTP answer (${JSON.stringify(data.slice(0, 100))})`));
      const [head, ...body] = data.split('\r\n\r\n');
      resolve({ status: Number(m[1]), headers: head!.toLowerCase(), text: body.join('\r\n\r\n') });
    });
  });
}

beforeAll(async () => {
  server = await startCourseServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('odd HTTP methods', () => {
  test.each(['TRACE', 'TRACK', 'PROPFIND', 'CONNECT', 'BREW', 'MKCOL'])('%s gets 405 or 501 with Allow on every path', async (method) => {
    for (const path of PATHS) {
      const res = await raw(method, path);
      expect([405, 501], `${method} ${path}`).toContain(res.status);
      expect(res.headers, `${method} ${path}`).toMatch(/\r\nallow: get, head, post, put, patch, delete, options/);
    }
  });

  test('TRACE never echoes the request back', async () => {
    const res = await raw('TRACE', '/api/health');
    expect(res.status).toBe(405);
    expect(res.text).not.toContain('Host:');
  });

  test('the methods we serve never answer 5xx on any of these paths', async () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of PATHS) {
        const res = await raw(method, path);
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
      }
    }
  });

  test('the server keeps serving afterwards', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.output()).not.toContain('HTTP method is unsupported');
  });
});
