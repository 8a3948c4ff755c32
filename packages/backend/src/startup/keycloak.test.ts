/*
 * Keycloak sign-in and who may do what, against the real backend and a local OpenID Connect provider
 * shaped like the portal's Keycloak realm (plugins/sign-in/keycloak-test-utils, loaded from
 * deploy/keycloak/realm-mlops.json): the authorization-code flow driven by hand over HTTP, its refusals,
 * the routes that must refuse a missing or forged token, and the administrators-only actions.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  KeycloakStandin,
  silentSignInUrl,
  standinPortalConfig,
  startKeycloakStandin,
} from '@mlops-portal/keycloak-test-utils';
import {
  CatalogFileServer,
  Portal,
  freePort,
  guestToken,
  root,
  serveCatalogFile,
  startPortal,
  until,
} from '@mlops-portal/portal-test-utils';

jest.setTimeout(180_000);

/** Cookies of one site, enough for a flow: names only (paths are distinct per cookie name here). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some(a =>
        /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string) {
    return this.cookies.has(name);
  }
  copy() {
    const jar = new CookieJar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
}

async function get(url: string, jar: CookieJar, headers = {}) {
  const res = await fetch(url, {
    redirect: 'manual',
    headers: { cookie: jar.header(), ...headers },
  });
  jar.store(res);
  return res;
}

/** What the portal's popup page posts back to the app: the session, or the error. */
async function frameResult(res: Response) {
  const html = await res.text();
  const encoded = html.match(/decodeURIComponent\('([^']*)'\)/)?.[1];
  if (!encoded) throw new Error(`not an auth response page: ${html}`);
  return JSON.parse(decodeURIComponent(encoded)) as {
    type: string;
    response?: {
      backstageIdentity: { identity: { userEntityRef: string } };
    };
    error?: { message: string };
  };
}

interface Started {
  authorizeUrl: URL;
  portalJar: CookieJar;
}

/** Starts a sign-in at the portal: the redirect to Keycloak's authorization endpoint. */
async function startSignIn(portal: Portal): Promise<Started> {
  const portalJar = new CookieJar();
  const res = await get(
    `${
      portal.url
    }/api/auth/oidc/start?env=development&scope=${encodeURIComponent(
      'openid profile email',
    )}&origin=${encodeURIComponent(portal.url)}&flow=popup`,
    portalJar,
  );
  expect(res.status).toBe(302);
  return { authorizeUrl: new URL(res.headers.get('location')!), portalJar };
}

/** Logs in at the stand-in's form; returns the redirect back to the portal, or the page shown. */
async function logIn(authorizeUrl: URL, username: string, password: string) {
  const jar = new CookieJar();
  let res = await get(authorizeUrl.href, jar);
  const loginUrl = new URL(res.headers.get('location')!, authorizeUrl);
  res = await get(loginUrl.href, jar);
  expect(await res.text()).toContain('<form');
  res = await fetch(`${loginUrl.href}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, password }).toString(),
  });
  jar.store(res);
  if (res.status !== 303) return { page: await res.text() };
  // Through the authorization endpoint again, which now answers with the code.
  let location = new URL(res.headers.get('location')!, loginUrl);
  while (location.origin === authorizeUrl.origin) {
    res = await get(location.href, jar);
    location = new URL(res.headers.get('location')!, location);
  }
  // `keycloakJar` holds Keycloak's SSO session cookie.
  return { callback: location, keycloakJar: jar };
}

/**
 * Asks Keycloak for a code without showing a login page (`prompt=none`): a code while its SSO session
 * lives, `login_required` once it has ended.
 */
async function silentSignIn(
  keycloak: KeycloakStandin,
  portal: Portal,
  keycloakJar: CookieJar,
) {
  const authorize = silentSignInUrl(keycloak, portal.url);
  let res = await get(authorize.href, keycloakJar);
  let location = new URL(res.headers.get('location')!, authorize);
  while (location.origin === authorize.origin) {
    res = await get(location.href, keycloakJar);
    location = new URL(res.headers.get('location')!, location);
  }
  return location.searchParams;
}

async function logout(portal: Portal, portalJar: CookieJar) {
  const res = await fetch(
    `${portal.url}/api/auth/oidc/logout?env=development`,
    {
      method: 'POST',
      headers: {
        cookie: portalJar.header(),
        'x-requested-with': 'XMLHttpRequest',
      },
    },
  );
  portalJar.store(res);
  return res;
}

async function refresh(portal: Portal, jar: CookieJar) {
  const res = await get(
    `${portal.url}/api/auth/oidc/refresh?env=development`,
    jar,
    { 'x-requested-with': 'XMLHttpRequest' },
  );
  return { status: res.status, body: res.ok ? await res.json() : undefined };
}

/** Starts a sign-in at the portal and logs in at Keycloak: the callback to the portal, not yet followed. */
async function logInFromPortal(
  portal: Portal,
  username: string,
  password: string,
) {
  const { authorizeUrl, portalJar } = await startSignIn(portal);
  return { portalJar, ...(await logIn(authorizeUrl, username, password)) };
}

/** A whole sign-in: the portal's answer to its popup, and the cookies of both sites after it. */
async function completeSignIn(
  portal: Portal,
  username: string,
  password: string,
) {
  const { portalJar, callback, keycloakJar } = await logInFromPortal(
    portal,
    username,
    password,
  );
  const result = await frameResult(await get(callback!.href, portalJar));
  return { portalJar, keycloakJar: keycloakJar!, result };
}

async function signIn(portal: Portal, username: string, password: string) {
  const { portalJar, result } = await completeSignIn(
    portal,
    username,
    password,
  );
  if (!result.response) {
    throw new Error(`sign-in failed: ${result.error?.message}`);
  }
  const session = await refresh(portal, portalJar);
  return session.body.backstageIdentity.token as string;
}

function api(portal: Portal, route: string, token?: string, init = {}) {
  return fetch(`${portal.url}${route}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
}

/** A request sent exactly as written (fetch would normalise `..` and drop a `Host` header). */
function raw(
  portal: Portal,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: portal.port, path: pathAndQuery, headers },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Shaped as a project (the only thing a registered location may bring in), so that each reaches the
// catalog's own checks.
const entityHead = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  labels:\n    mlops-portal.io/level: page\n`;
const entityTail =
  'spec:\n  type: ml-project\n  lifecycle: experimental\n  owner: group:default/researchers\n';
/** Catalog files an attacker could put at an address the portal may read (THREATS 35). */
const hostileCatalogFiles: Record<string, string> = {
  // A YAML "billion laughs": nine levels of nine aliases each.
  '/alias-bomb.yaml': [
    'a0: &a0 ["lol"]',
    ...Array.from(
      { length: 9 },
      (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`,
    ),
    ...entityHead('alias-bomb').split('\n'),
    '  annotations:',
    '    boom: *a9',
    entityTail,
  ].join('\n'),
  '/huge-annotation.yaml': `${entityHead(
    'huge-annotation',
  )}  annotations:\n    x.example/huge: "${'A'.repeat(
    10 * 1024 * 1024,
  )}"\n${entityTail}`,
  '/climbing-name.yaml': `${entityHead('../x')}${entityTail}`,
  '/javascript-link.yaml': `${entityHead(
    'javascript-link',
  )}  links:\n    - url: "javascript:alert(document.cookie)"\n      title: Docs\n${entityTail}`,
};

/** A loopback server that counts its requests and answers each with `answer`. */
async function loopback(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(req, res);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, host, url: `http://${host}`, requests };
}

/** Waits until the Keycloak org module has put the realm's users into the catalog. */
function waitForUser(portal: Portal, name: string, token: string) {
  return until(
    `user ${name} in the catalog`,
    async () => {
      const res = await api(
        portal,
        `/api/catalog/entities/by-name/user/default/${name}`,
        token,
      );
      return res.ok && res.json();
    },
    60_000,
  );
}

const serviceToken = 'keycloak-test-service-token-0123456789';

/** The portal's own system entity, in its catalog file: there for every user. */
const portalSystem =
  '/api/catalog/entities/by-name/system/default/mlops-portal';

describe('Keycloak sign-in through the realm stand-in', () => {
  let keycloak: KeycloakStandin;
  let portal: Portal;
  let catalogFile: CatalogFileServer;
  // THREATS 34: an address inside the network (as the cloud metadata service or PostgreSQL would be),
  // and an allowed host that redirects there.
  let internal: Awaited<ReturnType<typeof loopback>>;
  let redirector: Awaited<ReturnType<typeof loopback>>;

  beforeAll(async () => {
    internal = await loopback((_req, res) => {
      res.setHeader('content-type', 'text/yaml');
      res.end(
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: internal-secret\nspec:\n  type: service\n  lifecycle: x\n  owner: x\n',
      );
    });
    redirector = await loopback((req, res) => {
      // THREATS 35: hostile catalog files on an allowed host.
      const hostile = hostileCatalogFiles[req.url ?? ''];
      if (hostile) {
        res.setHeader('content-type', 'text/yaml');
        res.end(hostile);
        return;
      }
      res.statusCode = 302;
      res.setHeader('location', `${internal.url}/latest/meta-data/x.yaml`);
      res.end();
    });
    // The portal's port must be known to register its redirect URI: reserve it first.
    const port = await freePort();
    const url = `http://localhost:${port}`;
    keycloak = await startKeycloakStandin({ portalUrls: [url] });
    const config = standinPortalConfig(keycloak);
    // A catalog file served over HTTP, as a GitLab URL would be.
    catalogFile = await serveCatalogFile();
    portal = await startPortal({
      port,
      config: {
        ...config,
        backend: {
          reading: {
            allow: [{ host: catalogFile.host }, { host: redirector.host }],
          },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: serviceToken, subject: 'keycloak-test' },
              },
            ],
          },
        },
      },
    });
    await waitForUser(portal, 'ada', serviceToken);
    await waitForUser(portal, 'alan', serviceToken);
    // A location registered by an operator, for a researcher to try to unregister.
    const registered = await api(
      portal,
      '/api/catalog/locations',
      serviceToken,
      {
        method: 'POST',
        body: JSON.stringify({
          type: 'url',
          target: catalogFile.url,
        }),
      },
    );
    if (registered.status !== 201) {
      throw new Error(`registering a location failed: ${registered.status}`);
    }
  });

  afterAll(async () => {
    await portal?.stop();
    await keycloak?.stop();
    catalogFile?.close();
    internal?.server.close();
    redirector?.server.close();
  });

  it('starts with no error logged and imports the realm’s users and groups', async () => {
    expect(portal.errors()).toEqual([]);
    const ada = await waitForUser(portal, 'ada', serviceToken);
    expect(ada.spec.memberOf).toEqual(['researchers']);
    expect(ada.spec.profile.email).toBe('ada@mlops.example');
    const admins = await (
      await api(
        portal,
        '/api/catalog/entities/by-name/group/default/administrators',
        serviceToken,
      )
    ).json();
    expect(
      admins.relations
        .filter((r: { type: string }) => r.type === 'hasMember')
        .map((r: { targetRef: string }) => r.targetRef),
    ).toEqual(['user:default/alan']);
  });

  it('asks Keycloak for a login with state, nonce and PKCE S256 at the exact redirect URI', async () => {
    const { authorizeUrl } = await startSignIn(portal);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(
      `${keycloak.issuer}/protocol/openid-connect/auth`,
    );
    const q = authorizeUrl.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('backstage-portal');
    expect(q.get('redirect_uri')).toBe(
      `${portal.url}/api/auth/oidc/handler/frame`,
    );
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('state')).toBeTruthy();
    expect(q.get('prompt')).toBe('login');
  });

  it.each([
    [
      'without a PKCE challenge',
      { code_challenge: null, code_challenge_method: null },
    ],
    ['with the plain PKCE method', { code_challenge_method: 'plain' }],
  ])(
    'gets no code from the realm for the same login request %s',
    async (_, change: Record<string, string | null>) => {
      const { authorizeUrl } = await startSignIn(portal);
      for (const [name, value] of Object.entries(change)) {
        if (value === null) authorizeUrl.searchParams.delete(name);
        else authorizeUrl.searchParams.set(name, value);
      }
      const res = await fetch(authorizeUrl, { redirect: 'manual' });
      const back = new URL(res.headers.get('location') ?? '', authorizeUrl);
      expect(`${back.origin}${back.pathname}`).toBe(
        `${portal.url}/api/auth/oidc/handler/frame`,
      );
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.has('code')).toBe(false);
    },
  );

  it.each([
    'https://evil.example',
    '//evil.example',
    'https://localhost.evil.example',
  ])('refuses to start a sign-in for the foreign origin %s', async origin => {
    const res = await fetch(
      `${
        portal.url
      }/api/auth/oidc/start?env=development&origin=${encodeURIComponent(
        origin,
      )}`,
      { redirect: 'manual' },
    );
    expect(res.headers.get('location') ?? '').not.toContain(keycloak.issuer);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).toMatch(/is not allowed|origin is invalid/i);
  });

  it('signs a researcher in as their catalog user, with their Keycloak group’s ownership', async () => {
    const { portalJar, result } = await completeSignIn(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    expect(result.response?.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/ada',
    );
    const session = await refresh(portal, portalJar);
    expect(session.status).toBe(200);
    expect(session.body.backstageIdentity.identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining(['user:default/ada', 'group:default/researchers']),
    );
    expect(
      session.body.backstageIdentity.identity.ownershipEntityRefs,
    ).not.toContain('group:default/administrators');

    // Signing out forgets the session: the refresh cookie no longer signs in.
    const refreshToken = decodeURIComponent(
      portalJar.header().match(/oidc-refresh-token=([^;]+)/)![1],
    );
    const signedOut = await logout(portal, portalJar);
    expect(signedOut.status).toBe(200);
    expect(portalJar.has('oidc-refresh-token')).toBe(false);
    // The refresh token was revoked at Keycloak too.
    await keycloak.waitForEvent(
      'refresh-token-revoked client=backstage-portal user=ada',
    );
    const reuse = await fetch(
      `${keycloak.issuer}/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(
            `backstage-portal:${keycloak.clientSecrets.portal}`,
          ).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }).toString(),
      },
    );
    expect(reuse.status).toBe(400);
    expect((await reuse.json()).error).toBe('invalid_grant');
    expect((await refresh(portal, portalJar)).status).toBe(401);
  });

  it('ends the Keycloak SSO session on sign-out (RP-initiated logout)', async () => {
    const { portalJar, keycloakJar } = await completeSignIn(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    // While Keycloak's SSO session lives, it hands out codes without a login page.
    expect(
      (await silentSignIn(keycloak, portal, keycloakJar)).get('code'),
    ).toBeTruthy();
    // ...and that leaves the portal's session alone.
    expect((await refresh(portal, portalJar)).status).toBe(200);

    // The portal's sign-out answers with Keycloak's end-session URL, for the browser to follow.
    const signedOut = await logout(portal, portalJar);
    expect(signedOut.status).toBe(200);
    const { logoutUrl } = await signedOut.json();
    const endSession = new URL(logoutUrl);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(
      `${keycloak.issuer}/protocol/openid-connect/logout`,
    );
    expect(endSession.searchParams.get('client_id')).toBe('backstage-portal');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      portal.url,
    );

    // Keycloak asks once (no ID token in the request), ends its session and sends the browser back.
    const question = await get(logoutUrl, keycloakJar);
    const html = await question.text();
    expect(html).toContain('Do you want to log out?');
    const action = html.match(/<form[^>]*action="([^"]+)"/)![1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)![1];
    const confirmed = await fetch(new URL(action, logoutUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: keycloakJar.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    keycloakJar.store(confirmed);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${portal.url}/`);
    await keycloak.waitForEvent('logged-out client=backstage-portal user=ada');

    // The next sign-in needs the password again.
    expect(
      (await silentSignIn(keycloak, portal, keycloakJar)).get('error'),
    ).toBe('login_required');
  });

  it('refuses a wrong password at Keycloak’s login form', async () => {
    const { authorizeUrl } = await startSignIn(portal);
    const { page, callback } = await logIn(
      authorizeUrl,
      'ada',
      'not-her-password',
    );
    expect(callback).toBeUndefined();
    expect(page).toContain('Invalid username or password.');
  });

  it('refuses a tampered state', async () => {
    const { portalJar, callback } = await logInFromPortal(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    // The state is hex-encoded form data: change its nonce, keep everything else.
    const tampered = new URL(callback!.href);
    const state = new URLSearchParams(
      Buffer.from(tampered.searchParams.get('state')!, 'hex').toString(),
    );
    state.set('nonce', crypto.randomBytes(16).toString('base64'));
    tampered.searchParams.set(
      'state',
      Buffer.from(state.toString()).toString('hex'),
    );
    const result = await frameResult(await get(tampered.href, portalJar));
    expect(result.response).toBeUndefined();
    expect(result.error?.message).toMatch(/nonce/i);
    expect(portalJar.has('oidc-refresh-token')).toBe(false);
  });

  it('refuses a replayed code', async () => {
    const { portalJar, callback } = await logInFromPortal(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    const first = await frameResult(
      await get(callback!.href, portalJar.copy()),
    );
    expect(first.response).toBeDefined();
    const replayJar = portalJar.copy();
    const replay = await frameResult(await get(callback!.href, replayJar));
    expect(replay.response).toBeUndefined();
    expect(replay.error).toBeDefined();
    expect(replayJar.has('oidc-refresh-token')).toBe(false);
  });

  it('lets a researcher read and refuses them an administrator’s action, changing nothing', async () => {
    const token = await signIn(portal, 'ada', 'dev-only-ada-password');
    expect((await api(portal, portalSystem, token)).status).toBe(200);
    const before = await (
      await api(portal, '/api/catalog/locations', token)
    ).json();

    const register = await api(portal, '/api/catalog/locations', token, {
      method: 'POST',
      body: JSON.stringify({
        type: 'url',
        target: 'https://gitlab.example.com/x/catalog-info.yaml',
      }),
    });
    expect(register.status).toBe(403);
    const someLocation = before[0].data.id;
    const unregister = await api(
      portal,
      `/api/catalog/locations/${someLocation}`,
      token,
      {
        method: 'DELETE',
      },
    );
    expect(unregister.status).toBe(403);
    const system = await (await api(portal, portalSystem, token)).json();
    const remove = await api(
      portal,
      `/api/catalog/entities/by-uid/${system.metadata.uid}`,
      token,
      {
        method: 'DELETE',
      },
    );
    expect(remove.status).toBe(403);

    const after = await (
      await api(portal, '/api/catalog/locations', token)
    ).json();
    expect(after).toEqual(before);
    expect((await api(portal, portalSystem, token)).status).toBe(200);
  });

  it('ends the session of a user disabled in Keycloak at the next refresh', async () => {
    const { portalJar } = await completeSignIn(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    expect((await refresh(portal, portalJar)).status).toBe(200);
    await keycloak.setUserEnabled('ada', false);
    try {
      const refused = await refresh(portal, portalJar);
      expect(refused.status).toBe(401);
      expect(refused.body).toBeUndefined();
      // Nor can she sign in again.
      const again = await logIn(
        (
          await startSignIn(portal)
        ).authorizeUrl,
        'ada',
        'dev-only-ada-password',
      );
      expect(again.page).toContain('Invalid username or password.');
    } finally {
      await keycloak.setUserEnabled('ada', true);
    }
  });

  it('lets a member of administrators register a location', async () => {
    const token = await signIn(portal, 'alan', 'dev-only-alan-password');
    const res = await api(portal, '/api/catalog/locations?dryRun=true', token, {
      method: 'POST',
      body: JSON.stringify({
        type: 'file',
        target: path.join(root, 'catalog-info/portal.yaml'),
      }),
    });
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });

  // Last in this group: alan is gone from the realm afterwards.
  it('ends the session of a user deleted from Keycloak at the next refresh', async () => {
    const { portalJar } = await completeSignIn(
      portal,
      'alan',
      'dev-only-alan-password',
    );
    expect((await refresh(portal, portalJar)).status).toBe(200);
    await keycloak.deleteUser('alan');
    expect((await refresh(portal, portalJar)).status).toBe(401);
  });
  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['PostgreSQL inside the network', 'http://postgres:5432/x.yaml'],
    ['a local file through a url location', 'file:///etc/passwd'],
  ])(
    'refuses to read %s as a location, even for an operator',
    async (_what, target) => {
      const res = await api(
        portal,
        '/api/catalog/locations?dryRun=true',
        serviceToken,
        { method: 'POST', body: JSON.stringify({ type: 'url', target }) },
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = await res.text();
      expect(body).not.toContain('root:x:0:0');
      expect(body).toMatch(/not allowed|No reader|not supported|Invalid/i);
    },
  );

  // THREATS 34: a location of `type: file` names a file on the portal's own disk. Only the portal's
  // configuration may list one (its own catalog files); Backstage's location service takes `url`
  // locations alone at run time, and the portal adds no other type.
  it.each([
    ['a system file', '/etc/passwd', 'root:x:0:0'],
    [
      'the portal’s own configuration',
      path.join(root, 'app-config.yaml'),
      'auth:',
    ],
  ])(
    'refuses %s as a location of type file, even for an operator, and reads nothing',
    async (_what, target, content) => {
      for (const dryRun of [true, false]) {
        const res = await api(
          portal,
          `/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`,
          serviceToken,
          { method: 'POST', body: JSON.stringify({ type: 'file', target }) },
        );
        expect(res.status).toBe(400);
        const body = await res.text();
        expect(JSON.parse(body).error.message).toBe(
          'Registered locations must be of an allowed type ["url"]',
        );
        expect(body).not.toContain(content);
      }
      const locations = await (
        await api(portal, '/api/catalog/locations', serviceToken)
      ).json();
      expect(
        locations.filter(
          (l: { data: { type: string; target: string } }) =>
            l.data.type === 'file' && l.data.target === target,
        ),
      ).toEqual([]);
    },
  );

  it.each([
    [
      '/alias-bomb.yaml',
      /Excessive alias count indicates a resource exhaustion attack/,
    ],
    ['/climbing-name.yaml', /"metadata.name" is not valid/],
    [
      '/huge-annotation.yaml',
      /has the annotation x.example\/huge of 10485760 characters; at most 4096/,
    ],
    [
      '/javascript-link.yaml',
      /has a link to "javascript:alert\(document.cookie\)"; a project's links must be http or https addresses/,
    ],
  ])(
    'refuses the hostile catalog file %s with a sentence, and keeps serving',
    async (file, message) => {
      const res = await api(
        portal,
        '/api/catalog/locations?dryRun=true',
        serviceToken,
        {
          method: 'POST',
          body: JSON.stringify({
            type: 'url',
            target: `${redirector.url}${file}`,
          }),
        },
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
      expect(
        (await fetch(`${portal.url}/.backstage/health/v1/readiness`)).status,
      ).toBe(200);
      expect((await api(portal, portalSystem, serviceToken)).status).toBe(200);
    },
  );

  it('does not follow an allowed host’s redirect to an address that is not allowed', async () => {
    const res = await api(
      portal,
      '/api/catalog/locations?dryRun=true',
      serviceToken,
      {
        method: 'POST',
        body: JSON.stringify({
          type: 'url',
          target: `${redirector.url}/catalog-info.yaml`,
        }),
      },
    );
    expect(redirector.requests.length).toBeGreaterThan(0);
    expect(internal.requests).toEqual([]);
    expect(await res.text()).not.toContain('internal-secret');
  });

  it('builds the sign-in redirect from its own address, whatever Host or X-Forwarded-Host says', async () => {
    const start = await raw(
      portal,
      `/api/auth/oidc/start?env=development&scope=openid&origin=${encodeURIComponent(
        portal.url,
      )}&flow=popup`,
      { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    );
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${portal.url}/api/auth/oidc/handler/frame`,
    );
    expect(start.location).not.toContain('evil.example');
    // The app's page and a folder address answer without sending the browser to the forged name.
    for (const page of ['/', '/catalog', '/api/techdocs/static/docs']) {
      const res = await raw(portal, page, {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      });
      expect(res.location ?? '').not.toContain('evil.example');
      expect(res.body).not.toContain('evil.example');
    }
  });

  it('keeps its session cookie out of scripts and other sites’ requests', async () => {
    const { portalJar, callback } = await logInFromPortal(
      portal,
      'ada',
      'dev-only-ada-password',
    );
    const res = await fetch(callback!.href, {
      redirect: 'manual',
      headers: { cookie: portalJar.header() },
    });
    const refreshCookie = res.headers
      .getSetCookie()
      .find(c => c.startsWith('oidc-refresh-token='));
    expect(refreshCookie).toBeDefined();
    const attributes = refreshCookie!
      .split(';')
      .slice(1)
      .map(a => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'samesite=lax',
        'path=/api/auth/oidc',
      ]),
    );
    expect(attributes).not.toContain('samesite=none');
  });

  it('serves a docs site’s files and never another site’s or the disk’s through ../ in any encoding', async () => {
    const docs = path.join(portal.dataDir, 'techdocs');
    const own = path.join(docs, 'default/system/mlops-portal');
    const other = path.join(docs, 'default/component/secret-site');
    fs.mkdirSync(own, { recursive: true });
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(own, 'own.html'), 'OWN-SITE-PAGE');
    fs.writeFileSync(path.join(other, 'index.html'), 'OTHER-SITE-SECRET');
    const token = await signIn(portal, 'ada', 'dev-only-ada-password');
    const auth = { authorization: `Bearer ${token}` };
    const base = '/api/techdocs/static/docs/default/system/mlops-portal';
    // The harness serves the site's own file.
    const served = await raw(portal, `${base}/own.html`, auth);
    expect(served.status).toBe(200);
    expect(served.body).toContain('OWN-SITE-PAGE');
    for (const escape of [
      '../../component/secret-site/index.html',
      '..%2f..%2fcomponent%2fsecret-site%2findex.html',
      '%2e%2e/%2e%2e/component/secret-site/index.html',
      '%252e%252e%252f%252e%252e%252fcomponent/secret-site/index.html',
      '..\\..\\component\\secret-site\\index.html',
      '/..//..//component/secret-site/index.html',
      '../../../../../../../../etc/passwd',
      '..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await raw(portal, `${base}/${escape}`, auth);
      expect(`${escape}: ${res.body}`).not.toMatch(
        /OTHER-SITE-SECRET|root:x:0:0/,
      );
      expect([escape, res.status]).not.toEqual([escape, 200]);
    }
  });

  // Last: Keycloak is stopped here (afterAll's stop is then a no-op).
  it('when Keycloak stops under the running portal, the sign-in page says so and a signed-in researcher keeps working', async () => {
    const token = await signIn(portal, 'ada', 'dev-only-ada-password');
    await keycloak.stop();
    // Keycloak's port is closed now.
    await expect(
      fetch(`${keycloak.issuer}/.well-known/openid-configuration`),
    ).rejects.toThrow();

    // The sign-in pop-up is not sent to a Keycloak that does not answer: it comes back to the portal,
    // which posts the sentence to the sign-in page (and sets no session).
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    expect(authorizeUrl.origin).toBe(portal.url);
    expect(authorizeUrl.pathname).toBe('/api/auth/oidc/handler/frame');
    const result = await frameResult(await get(authorizeUrl.href, portalJar));
    expect(result.response).toBeUndefined();
    expect(result.error?.message).toBe(
      'Keycloak, where you sign in, is not answering right now, so nobody can sign in until it is back; try again in a few minutes. If you are already signed in, you can keep working.',
    );
    expect(portalJar.has('oidc-refresh-token')).toBe(false);

    // The portal token handed out before keeps working: the portal signs its own tokens.
    const entity = await api(portal, portalSystem, token);
    expect(entity.status).toBe(200);
    const tasks = await api(portal, '/api/scaffolder/v2/tasks', token);
    expect(tasks.status).toBe(200);
    // And the portal itself stays up and ready.
    expect(
      (await fetch(`${portal.url}/.backstage/health/v1/readiness`)).status,
    ).toBe(200);
  });
  // A Keycloak user missing from the catalog, and one whose e-mail is someone else's: the resolver's
  // unit tests (plugins/sign-in/auth-backend-module-keycloak-provider).
});

describe('routes without a token or with a forged one', () => {
  let portal: Portal;
  let keycloak: KeycloakStandin;
  // THREATS 10: an operator's static token for one plugin only.
  const catalogOnlyToken = 'catalog-only-static-token-0123456789';
  // The portal's signing key, given to it as a static key so that the test can sign an expired token
  // that is otherwise exactly the one the portal issued.
  const signingKey = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  beforeAll(async () => {
    keycloak = await startKeycloakStandin();
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-key-'));
    const publicKeyFile = path.join(keyDir, 'public.pem');
    const privateKeyFile = path.join(keyDir, 'private.pem');
    fs.writeFileSync(
      publicKeyFile,
      signingKey.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    fs.writeFileSync(
      privateKeyFile,
      signingKey.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    portal = await startPortal({
      config: {
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: catalogOnlyToken, subject: 'catalog-reader' },
                accessRestrictions: [{ plugin: 'catalog' }],
              },
            ],
          },
        },
        auth: {
          keyStore: {
            provider: 'static',
            static: {
              keys: [{ publicKeyFile, privateKeyFile, keyId: 'test-key' }],
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await keycloak?.stop();
  });

  function b64url(value: object | string) {
    return Buffer.from(
      typeof value === 'string' ? value : JSON.stringify(value),
    ).toString('base64url');
  }
  const claims = {
    sub: 'user:default/alan',
    ent: ['user:default/alan', 'group:default/administrators'],
    aud: 'backstage',
    iss: 'http://localhost',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 3600,
  };

  /** The portal's own token for the development researcher, its expiry moved by `expiresIn` seconds. */
  async function resigned(expiresIn: number) {
    const issued = await guestToken(portal.url);
    const [header, payload] = issued.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    body.iat = now - 7200;
    body.exp = now + expiresIn;
    const input = `${header}.${b64url(body)}`;
    const sig = crypto.sign('sha256', Buffer.from(input), {
      key: signingKey.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${sig.toString('base64url')}`;
  }

  const forged: Record<string, () => Promise<string>> = {
    'no token': async () => '',
    'an expired portal token': async () => resigned(-60),
    'alg none': async () =>
      `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`,
    'signed with another key': async () => {
      const { privateKey } = crypto.generateKeyPairSync('ec', {
        namedCurve: 'P-256',
      });
      const input = `${b64url({
        alg: 'ES256',
        kid: 'x',
        typ: 'vnd.backstage.user',
      })}.${b64url(claims)}`;
      const sig = crypto.sign('sha256', Buffer.from(input), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${input}.${sig.toString('base64url')}`;
    },
    'a Keycloak token, not the portal’s': async () => {
      const res = await fetch(
        `${keycloak.issuer}/protocol/openid-connect/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: 'backstage-catalog',
            client_secret: keycloak.clientSecrets.catalog,
          }).toString(),
        },
      );
      return (await res.json()).access_token;
    },
  };

  // Every plugin's API; only the auth flow and health answer without a token.
  const routes: Array<[string, string, object?]> = [
    ['GET', '/api/catalog/entities'],
    ['GET', portalSystem],
    ['GET', '/api/catalog/locations'],
    [
      'POST',
      '/api/catalog/locations',
      { type: 'url', target: 'https://x.example/a.yaml' },
    ],
    ['GET', '/api/scaffolder/v2/tasks'],
    ['GET', '/api/scaffolder/v2/actions'],
    [
      'POST',
      '/api/scaffolder/v2/tasks',
      { templateRef: 'template:default/x', values: {} },
    ],
    ['GET', '/api/techdocs/metadata/entity/default/system/mlops-portal'],
    ['GET', '/api/techdocs/static/docs/default/system/mlops-portal/index.html'],
    ['GET', '/api/search/query?term=portal'],
    ['POST', '/api/permission/authorize', { items: [] }],
    ['GET', '/api/user-settings/buckets/x/keys/y'],
    ['GET', '/api/signals'],
    // the portal's own plugins (THREATS 11: what reads ClearML and GitLab with the portal's keys)
    ['GET', '/api/clearml/experiments?entityRef=component:default/x'],
    [
      'GET',
      '/api/clearml/datasets/0123abcd/preview?entityRef=component:default/x',
    ],
    ['GET', '/api/project-status/status?entityRef=component:default/x'],
    ['GET', '/api/project-status/gitlab-groups?host=gitlab.example.org'],
    ['GET', '/api/reuse/map'],
    ['GET', '/api/reuse/users?entityRef=component:default/x'],
    ['GET', '/api/leaderboard/runs?task=forecasting'],
    ['GET', '/api/leaderboard/components/best?entityRef=component:default/x'],
    ['GET', '/api/template-upgrades/projects'],
  ];

  it.each(Object.keys(forged))(
    'answers 401 to %s on every API route',
    async kind => {
      const token = await forged[kind]();
      const answers: string[] = [];
      for (const [method, route, body] of routes) {
        const res = await api(portal, route, token, {
          method,
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        answers.push(`${method} ${route} ${res.status}`);
      }
      expect(answers).toEqual(routes.map(([m, r]) => `${m} ${r} 401`));
    },
  );

  it('accepts the same portal token re-signed before it expires (so the expiry alone is refused)', async () => {
    const token = await resigned(600);
    const res = await api(portal, '/api/catalog/entities', token);
    expect(res.status).toBe(200);
  });

  it('lets a static token restricted to the catalog read the catalog and nothing else', async () => {
    expect(
      (await api(portal, '/api/catalog/entities', catalogOnlyToken)).status,
    ).toBe(200);
    for (const route of [
      '/api/scaffolder/v2/tasks',
      '/api/techdocs/metadata/entity/default/system/mlops-portal',
      '/api/search/query?term=portal',
    ]) {
      const res = await api(portal, route, catalogOnlyToken);
      expect(`${route} ${res.status}`).toBe(`${route} 403`);
    }
  });

  it('still answers health and the start of sign-in without a token', async () => {
    expect(
      (await fetch(`${portal.url}/.backstage/health/v1/readiness`)).status,
    ).toBe(200);
    const res = await fetch(`${portal.url}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(200);
  });
});

describe('a portal started while Keycloak is down', () => {
  let portal: Portal | undefined;
  let keycloak: KeycloakStandin | undefined;
  afterAll(async () => {
    await portal?.stop();
    await keycloak?.stop();
  });

  it('says so at sign-in, and sends the next sign-in to Keycloak once it is up, without a restart', async () => {
    const [portalPort, keycloakPort] = [await freePort(), await freePort()];
    const portalUrl = `http://localhost:${portalPort}`;
    const clientSecrets = {
      portal: crypto.randomBytes(24).toString('hex'),
      catalog: crypto.randomBytes(24).toString('hex'),
    };
    const issuer = `http://localhost:${keycloakPort}/realms/mlops`;
    // Sign-in only: the catalog's Keycloak import would (rightly) log errors while Keycloak is down.
    const { auth, portal: portalSettings } = standinPortalConfig({
      issuer,
      baseUrl: `http://localhost:${keycloakPort}`,
      realm: 'mlops',
      clientSecrets,
    });
    portal = await startPortal({
      port: portalPort,
      config: { auth, portal: portalSettings },
    });

    const down = await startSignIn(portal);
    expect(down.authorizeUrl.origin).toBe(portalUrl);
    const result = await frameResult(
      await get(down.authorizeUrl.href, down.portalJar),
    );
    expect(result.error?.message).toMatch(
      /^Keycloak, where you sign in, is not answering right now/,
    );

    keycloak = await startKeycloakStandin({
      port: keycloakPort,
      portalUrls: [portalUrl],
      clientSecrets,
    });
    const up = await startSignIn(portal);
    expect(`${up.authorizeUrl.origin}${up.authorizeUrl.pathname}`).toBe(
      `${issuer}/protocol/openid-connect/auth`,
    );
    expect(portal.errors()).toEqual([]);
  });
});

// THREATS 21: in production the portal's address is https (`PORTAL_BASE_URL`, behind the edge, which
// ends TLS), and Backstage marks its session cookies `Secure` from that address, whatever the request
// says. Here the backend still listens on plain HTTP on loopback, as it does behind the edge.
describe('a portal whose address is https', () => {
  let portal: Portal | undefined;
  let keycloak: KeycloakStandin | undefined;
  afterAll(async () => {
    await portal?.stop();
    await keycloak?.stop();
  });

  it('marks its sign-in cookies Secure, HttpOnly and SameSite=Lax', async () => {
    const port = await freePort();
    const httpsUrl = `https://localhost:${port}`;
    keycloak = await startKeycloakStandin({ portalUrls: [httpsUrl] });
    portal = await startPortal({
      port,
      config: {
        ...standinPortalConfig(keycloak),
        app: { baseUrl: httpsUrl },
        backend: {
          baseUrl: httpsUrl,
          cors: { origin: httpsUrl },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: serviceToken, subject: 'keycloak-test' },
              },
            ],
          },
        },
      },
    });
    await waitForUser(portal, 'ada', serviceToken);
    const portalJar = new CookieJar();
    const start = await get(
      `${
        portal.url
      }/api/auth/oidc/start?env=development&scope=openid&origin=${encodeURIComponent(
        httpsUrl,
      )}&flow=popup`,
      portalJar,
    );
    expect(start.status).toBe(302);
    const authorizeUrl = new URL(start.headers.get('location')!);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(
      `${httpsUrl}/api/auth/oidc/handler/frame`,
    );
    const { callback } = await logIn(
      authorizeUrl,
      'ada',
      'dev-only-ada-password',
    );
    // The browser would come back over https to the edge, which passes the request on to the backend.
    expect(callback!.origin).toBe(httpsUrl);
    const done = await fetch(
      `${portal.url}${callback!.pathname}${callback!.search}`,
      { redirect: 'manual', headers: { cookie: portalJar.header() } },
    );
    const result = await frameResult(done.clone());
    expect(result.error).toBeUndefined();
    expect(result.response).toBeDefined();

    const cookies = [
      ...start.headers.getSetCookie(),
      ...done.headers.getSetCookie(),
    ].map(cookie => ({
      name: cookie.slice(0, cookie.indexOf('=')),
      attributes: cookie
        .split(';')
        .slice(1)
        .map(a => a.trim().toLowerCase()),
    }));
    const backstages = cookies.filter(c => c.name.startsWith('oidc-'));
    expect(backstages.map(c => c.name)).toEqual(
      expect.arrayContaining(['oidc-nonce', 'oidc-refresh-token']),
    );
    for (const cookie of backstages) {
      expect(cookie).toEqual({
        name: cookie.name,
        attributes: expect.arrayContaining([
          'secure',
          'httponly',
          'samesite=lax',
        ]),
      });
    }
    // express-session's cookie (Backstage's sign-in keeps its state there) is Secure only when Express
    // itself sees https: the edge adds Secure and SameSite to it (test_edge_nginx.py). Out of scripts here.
    for (const cookie of cookies) {
      expect(cookie.attributes).toContain('httponly');
      expect(cookie.attributes).not.toContain('samesite=none');
    }
    expect(portal.errors()).toEqual([]);
  });
});
