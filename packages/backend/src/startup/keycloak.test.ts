/*
 * Keycloak sign-in and who may do what, against the real backend and a local OpenID Connect provider
 * shaped like the portal's Keycloak realm (plugins/sign-in/keycloak-test-utils, loaded from
 * deploy/keycloak/realm-mlops.json): the authorization-code flow driven by hand over HTTP, its refusals,
 * the routes that must refuse a missing or forged token, and the administrators-only actions.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import {
  KeycloakStandin,
  standinPortalConfig,
  startKeycloakStandin,
} from '@mlops-portal/keycloak-test-utils';
import {
  CatalogFileServer,
  Portal,
  freePort,
  root,
  serveCatalogFile,
  startPortal,
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
  const verifier = crypto.randomBytes(32).toString('base64url');
  const authorize = new URL(`${keycloak.issuer}/protocol/openid-connect/auth`);
  authorize.search = new URLSearchParams({
    client_id: 'backstage-portal',
    redirect_uri: `${portal.url}/api/auth/oidc/handler/frame`,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    state: 'silent',
    code_challenge_method: 'S256',
    code_challenge: crypto
      .createHash('sha256')
      .update(verifier)
      .digest('base64url'),
  }).toString();
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

async function signIn(portal: Portal, username: string, password: string) {
  const { authorizeUrl, portalJar } = await startSignIn(portal);
  const { callback } = await logIn(authorizeUrl, username, password);
  const result = await frameResult(await get(callback!.href, portalJar));
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

/** Waits until the Keycloak org module has put the realm's users into the catalog. */
async function waitForUser(portal: Portal, name: string, token: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await api(
      portal,
      `/api/catalog/entities/by-name/user/default/${name}`,
      token,
    );
    if (res.ok) return res.json();
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`user ${name} never reached the catalog`);
}

const serviceToken = 'keycloak-test-service-token-0123456789';

describe('Keycloak sign-in through the realm stand-in', () => {
  let keycloak: KeycloakStandin;
  let portal: Portal;
  let catalogFile: CatalogFileServer;

  beforeAll(async () => {
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
          reading: { allow: [{ host: catalogFile.host }] },
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
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback } = await logIn(
      authorizeUrl,
      'ada',
      'dev-only-ada-password',
    );
    const result = await frameResult(await get(callback!.href, portalJar));
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
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback, keycloakJar } = await logIn(
      authorizeUrl,
      'ada',
      'dev-only-ada-password',
    );
    await frameResult(await get(callback!.href, portalJar));
    // While Keycloak's SSO session lives, it hands out codes without a login page.
    expect(
      (await silentSignIn(keycloak, portal, keycloakJar!)).get('code'),
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
    const question = await get(logoutUrl, keycloakJar!);
    const html = await question.text();
    expect(html).toContain('Do you want to log out?');
    const action = html.match(/<form[^>]*action="([^"]+)"/)![1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)![1];
    const confirmed = await fetch(new URL(action, logoutUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: keycloakJar!.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    keycloakJar!.store(confirmed);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${portal.url}/`);
    await keycloak.waitForEvent('logged-out client=backstage-portal user=ada');

    // The next sign-in needs the password again.
    expect(
      (await silentSignIn(keycloak, portal, keycloakJar!)).get('error'),
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
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback } = await logIn(
      authorizeUrl,
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
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback } = await logIn(
      authorizeUrl,
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
    expect(
      (
        await api(
          portal,
          '/api/catalog/entities/by-name/system/default/mlops-portal',
          token,
        )
      ).status,
    ).toBe(200);
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
    const system = await (
      await api(
        portal,
        '/api/catalog/entities/by-name/system/default/mlops-portal',
        token,
      )
    ).json();
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
    expect(
      (
        await api(
          portal,
          '/api/catalog/entities/by-name/system/default/mlops-portal',
          token,
        )
      ).status,
    ).toBe(200);
  });

  it('ends the session of a user disabled in Keycloak at the next refresh', async () => {
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback } = await logIn(
      authorizeUrl,
      'ada',
      'dev-only-ada-password',
    );
    await frameResult(await get(callback!.href, portalJar));
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
    const { authorizeUrl, portalJar } = await startSignIn(portal);
    const { callback } = await logIn(
      authorizeUrl,
      'alan',
      'dev-only-alan-password',
    );
    await frameResult(await get(callback!.href, portalJar));
    expect((await refresh(portal, portalJar)).status).toBe(200);
    await keycloak.deleteUser('alan');
    expect((await refresh(portal, portalJar)).status).toBe(401);
  });
  // A Keycloak user missing from the catalog, and one whose e-mail is someone else's: the resolver's
  // unit tests (plugins/sign-in/auth-backend-module-keycloak-provider).
});

describe('routes without a token or with a forged one', () => {
  let portal: Portal;
  let keycloak: KeycloakStandin;
  beforeAll(async () => {
    keycloak = await startKeycloakStandin();
    portal = await startPortal();
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

  const forged: Record<string, () => Promise<string>> = {
    'no token': async () => '',
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
    ['GET', '/api/catalog/entities/by-name/system/default/mlops-portal'],
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
