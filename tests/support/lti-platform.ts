import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/**
 * An LTI 1.3 platform on loopback for tests, speaking the 1EdTech specs: OpenID configuration, dynamic registration,
 * OIDC authorization (form_post of a signed id_token), client_credentials token (verifies the tool's signed assertion
 * against the tool's JWKS), AGS line items and scores, NRPS memberships, the deep-linking return, and a course page that
 * frames the tool (with LTI platform storage over postMessage).
 */
export const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
};

export interface LaunchSpec {
  /** Claims merged over the defaults (a learner resource-link launch); `undefined` values delete a claim. */
  claims?: Record<string, unknown>;
  /** Sign with a key the platform does not publish (a forged token). */
  forge?: boolean;
}

export interface Member {
  user_id: string;
  name: string;
  email?: string;
  roles: string[];
  status?: string;
}

export interface PlatformSim {
  url: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  registrationToken: string;
  registrations: Record<string, unknown>[];
  scores: { lineitem: string; body: Record<string, unknown>; auth: string }[];
  deepLinks: JWTPayload[];
  tokenRequests: { scope: string }[];
  members: Member[];
  /** Overrides merged into the OpenID configuration it serves (a platform that moved its endpoints, or an attacker's). */
  config: Record<string, string>;
  /** Signs from now on with a new key (new kid) added to the platform's JWKS. */
  rotateKey(): Promise<void>;
  /** How many score posts to answer with 503 before accepting. */
  failScores: number;
  /** The next launch through /authorize uses this spec (keyed by login_hint). */
  prepare(loginHint: string, spec?: LaunchSpec): void;
  lastForm: { action: string; fields: Record<string, string> } | undefined;
  /** URL of the platform's course page that frames the tool's login URL. */
  coursePage(toolLoginUrl: string, storage: boolean): string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
  });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startPlatform(options: { host?: string; port?: number } = {}): Promise<PlatformSim> {
  const host = options.host ?? '127.0.0.1';
  let { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256');
  let kid = 'platform-key-1';
  const jwks = [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }];
  const specs = new Map<string, LaunchSpec>();
  let toolJwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  let toolRedirects: string[] = [];
  const tokens = new Set<string>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  });
  // 'localhost' may resolve to ::1 or 127.0.0.1: listen on both then.
  await new Promise<void>((r) => server.listen(options.port ?? 0, host === 'localhost' ? '::' : '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const base = `http://${host}:${port}`;

  const sim: PlatformSim = {
    url: base,
    issuer: base,
    clientId: 'sim-client-1',
    deploymentId: 'sim-deployment-1',
    registrationToken: 'sim-registration-token',
    registrations: [],
    scores: [],
    deepLinks: [],
    tokenRequests: [],
    members: [],
    failScores: 0,
    config: {},
    lastForm: undefined,
    prepare: (hint, spec = {}) => void specs.set(hint, spec),
    async rotateKey() {
      ({ privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true }));
      kid = `platform-key-${jwks.length + 1}`;
      jwks.push({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });
    },
    coursePage: (login, storage) => `${base}/course?login=${encodeURIComponent(login)}${storage ? '&storage=1' : ''}`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };

  async function sign(payload: JWTPayload, key: CryptoKey, keyId: string) {
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' }).sign(key);
  }

  function defaultClaims(hint: string, nonce: string, target: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: sim.issuer,
      aud: sim.clientId,
      sub: hint,
      nonce,
      iat: now,
      exp: now + 300,
      name: `User ${hint}`,
      email: `${hint}@lms.example`,
      [`${CLAIM}version`]: '1.3.0',
      [`${CLAIM}message_type`]: 'LtiResourceLinkRequest',
      [`${CLAIM}deployment_id`]: sim.deploymentId,
      [`${CLAIM}target_link_uri`]: target,
      [`${CLAIM}roles`]: [ROLE.learner],
      [`${CLAIM}context`]: { id: 'course-1', title: 'Platforms 101' },
      [`${CLAIM}resource_link`]: { id: 'link-1' },
      [`${CLAIM}launch_presentation`]: { document_target: 'iframe', return_url: `${base}/course` },
      [`${CLAIM}tool_platform`]: { guid: 'sim', name: 'Simulator', url: 'https://school.lms.example/' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'],
        lineitem: `${base}/lineitems/7?course=1`,
        lineitems: `${base}/lineitems?course=1`,
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${base}/memberships/course-1`, service_versions: ['2.0'] },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, base);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
      res.end(text);
    };
    const bearer = () => (req.headers.authorization ?? '').replace(/^Bearer /, '');

    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: sim.issuer,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        registration_endpoint: `${base}/register`,
        scopes_supported: ['openid'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'simulator', version: '1.0', messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }] },
        ...sim.config,
      });
    }
    if (url.pathname === '/jwks') return send(200, { keys: jwks });
    if (url.pathname === '/register' && req.method === 'POST') {
      if (bearer() !== sim.registrationToken) return send(401, { error: 'invalid_token' });
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      sim.registrations.push(body);
      toolJwks = createRemoteJWKSet(new URL(body.jwks_uri as string));
      toolRedirects = body.redirect_uris as string[];
      const config = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
      return send(200, { ...body, client_id: sim.clientId, 'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...config, deployment_id: sim.deploymentId } });
    }
    if (url.pathname === '/authorize') {
      const p = Object.fromEntries(url.searchParams);
      if (p.client_id !== sim.clientId || p.response_type !== 'id_token' || p.response_mode !== 'form_post' || p.scope !== 'openid' || !p.nonce || !p.state) return send(400, 'bad authorization request');
      if (toolRedirects.length && !toolRedirects.includes(p.redirect_uri!)) return send(400, 'unregistered redirect_uri');
      const spec = specs.get(p.login_hint!) ?? {};
      const target = (p.lti_message_hint as string) || p.redirect_uri!;
      const claims: Record<string, unknown> = { ...defaultClaims(p.login_hint!, p.nonce, target), ...spec.claims };
      for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
      const idToken = spec.forge ? await sign(claims, rogue.privateKey, kid) : await sign(claims, privateKey, kid);
      sim.lastForm = { action: p.redirect_uri!, fields: { id_token: idToken, state: p.state } };
      const inputs = Object.entries(sim.lastForm.fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`).join('');
      return send(200, `<!doctype html><form id="f" method="post" action="${escapeHtml(p.redirect_uri!)}">${inputs}</form><script>document.getElementById('f').submit()</script>`);
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return send(400, { error: 'unsupported_grant_type' });
      try {
        await jwtVerify(form.get('client_assertion')!, toolJwks!, { issuer: sim.clientId, subject: sim.clientId, audience: `${base}/token` });
      } catch (error) {
        return send(401, { error: 'invalid_client', error_description: String(error) });
      }
      const token = randomUUID();
      tokens.add(token);
      sim.tokenRequests.push({ scope: form.get('scope') ?? '' });
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    }
    const scores = /^\/lineitems\/([^/]+)\/scores$/.exec(url.pathname);
    if (scores && req.method === 'POST') {
      if (!tokens.has(bearer())) return send(401, { error: 'unauthorized' });
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return send(415, { error: 'wrong content type' });
      if (sim.failScores > 0) {
        sim.failScores--;
        return send(503, { error: 'gradebook busy' });
      }
      sim.scores.push({ lineitem: `${base}/lineitems/${scores[1]}${url.search}`, body: JSON.parse(await readBody(req)), auth: bearer() });
      return send(204, '');
    }
    const members = /^\/memberships\/([^/]+)$/.exec(url.pathname);
    if (members) {
      if (!tokens.has(bearer())) return send(401, { error: 'unauthorized' });
      const page = Number(url.searchParams.get('page') ?? 1);
      const list = sim.members.slice((page - 1) * 2, page * 2);
      const next: Record<string, string> = page * 2 < sim.members.length ? { link: `<${base}${url.pathname}?page=${page + 1}>; rel="next"` } : {};
      return send(200, { id: url.href, context: { id: members[1] }, members: list }, { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', ...next });
    }
    if (url.pathname === '/deep-link-return' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const { payload } = await jwtVerify(form.get('JWT')!, toolJwks!, { issuer: sim.clientId, audience: sim.issuer });
      sim.deepLinks.push(payload);
      return send(200, '<!doctype html><p id="dl-done">Items added to your course.</p>');
    }
    if (url.pathname === '/course') {
      const storage = url.searchParams.get('storage') === '1';
      let login = url.searchParams.get('login')!;
      if (storage) login += `&lti_storage_target=_parent`;
      // Platform storage: LTI Client Side postMessages, answered for the tool's frame only.
      const script = `const store = (window.ltiStore = {}); addEventListener('message', (e) => { const d = e.data || {}; const reply = (m) => e.source.postMessage(m, e.origin);
        if (d.subject === 'lti.put_data') { store[e.origin + d.key] = d.value; reply({ subject: 'lti.put_data.response', message_id: d.message_id, key: d.key, value: d.value }); }
        if (d.subject === 'lti.get_data') reply({ subject: 'lti.get_data.response', message_id: d.message_id, key: d.key, value: store[e.origin + d.key] }); });`;
      return send(200, `<!doctype html><html><head><title>Platforms 101</title></head><body><h1>Platforms 101 (LMS)</h1>${storage ? `<script>${script}</script>` : ''}<iframe id="tool" title="Course tool" src="${escapeHtml(login)}" style="width:100%;height:80vh" allow="clipboard-write"></iframe></body></html>`);
    }
    return send(404, { error: 'not found' });
  }

  return sim;
}
