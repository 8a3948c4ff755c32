#!/usr/bin/env node
/*
 * A local stand-in for a Keycloak realm, for development and tests: a certified OpenID Connect provider
 * (the `oidc-provider` package) at Keycloak's paths (`/realms/<realm>/...`), with the users, passwords,
 * groups and clients of a Keycloak realm export, a login form that checks those passwords, and the few
 * read-only Keycloak admin REST calls that the catalog's Keycloak org module makes.
 *
 *   node plugins/sign-in/keycloak-test-utils/src/standin.mjs [--port 8180] [--host 127.0.0.1]
 *     [--issuer-host localhost] [--realm-file deploy/keycloak/realm-mlops.json]
 *     [--portal-url http://localhost:7007]... [--test-controls]
 *
 * Each --portal-url adds `<url>/api/auth/oidc/handler/frame` to the portal client's redirect URIs (and
 * `<url>` to its post-logout redirect URIs). It listens on --host and names itself with --issuer-host
 * (`localhost`: Backstage follows a logout URL only over https or to localhost). Prints one line
 * `keycloak-standin ready <issuer>` when it listens, and one line `keycloak-standin event ...` for each
 * refresh token revoked and each Keycloak session ended. --test-controls adds, for tests only,
 * `PUT /test-controls/users/<username>` (`{"enabled": false}` disables the user) and
 * `DELETE /test-controls/users/<username>`, as an administrator would in Keycloak's console.
 * The export's client secrets are `${NAME}` placeholders filled in from the environment, as Keycloak
 * fills them in on import. Development only: its signing key and cookie keys are made up at each start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8180' },
    host: { type: 'string', default: '127.0.0.1' },
    'issuer-host': { type: 'string', default: 'localhost' },
    'realm-file': {
      type: 'string',
      default: path.join(repoRoot, 'deploy/keycloak/realm-mlops.json'),
    },
    'portal-url': { type: 'string', multiple: true, default: [] },
    'test-controls': { type: 'boolean', default: false },
  },
});

const PORTAL_CLIENT = 'backstage-portal';
const CATALOG_CLIENT = 'backstage-catalog';
/** What Keycloak's admin API shows of a user (no password, no group). */
const USER_FIELDS = [
  'id',
  'username',
  'email',
  'emailVerified',
  'firstName',
  'lastName',
  'enabled',
];

/**
 * The realm export with its `${NAME}` placeholders (the client secrets) filled in from the environment,
 * as Keycloak does when it imports a realm: no secret is written in the export.
 */
function readRealm(file) {
  const missing = new Set();
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_, name) => {
      const value = process.env[name];
      if (!value) missing.add(name);
      return JSON.stringify(value ?? '').slice(1, -1);
    });
  if (missing.size > 0) {
    console.error(
      `keycloak-standin: ${file} reads ${[...missing].join(
        ', ',
      )} from the environment: set ${
        missing.size > 1 ? 'them' : 'it'
      } (scripts/start-keycloak-standin.sh makes up random values)`,
    );
    process.exit(2);
  }
  return JSON.parse(text);
}

const realm = readRealm(args['realm-file']);
const realmPath = `/realms/${realm.realm}`;

/** A stable id for an entry of the export that has none (Keycloak would make a random one). */
function idFor(kind, name) {
  const hex = crypto
    .createHash('sha256')
    .update(`${realm.realm}/${kind}/${name}`)
    .digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

const groups = (realm.groups ?? []).map(g => ({
  id: g.id ?? idFor('group', g.name),
  name: g.name,
  path: g.path ?? `/${g.name}`,
  subGroupCount: 0,
  subGroups: [],
  attributes: g.attributes ?? {},
}));

const users = (realm.users ?? [])
  // Keycloak does not list service accounts among the realm's users.
  .filter(u => !u.serviceAccountClientId)
  .map(u => ({
    id: u.id ?? idFor('user', u.username),
    username: u.username.toLowerCase(),
    email: u.email,
    emailVerified: Boolean(u.emailVerified),
    firstName: u.firstName,
    lastName: u.lastName,
    enabled: u.enabled !== false,
    password: u.credentials?.find(c => c.type === 'password')?.value,
    groups: (u.groups ?? []).map(p => p.replace(/^\//, '')),
  }));
const usersById = new Map(users.map(u => [u.id, u]));
const usersByName = new Map(users.map(u => [u.username, u]));

/** Keycloak deletes a user: gone from sign-in, refresh, and the admin API's lists. */
function deleteUser(user) {
  users.splice(users.indexOf(user), 1);
  usersById.delete(user.id);
  usersByName.delete(user.username);
}

function clientOf(clientId) {
  const client = (realm.clients ?? []).find(c => c.clientId === clientId);
  if (!client) {
    throw new Error(`${args['realm-file']} has no client ${clientId}`);
  }
  return client;
}

const portalClient = clientOf(PORTAL_CLIENT);
const catalogClient = clientOf(CATALOG_CLIENT);
const portalUrls = args['portal-url'].map(u => u.replace(/\/$/, ''));
// Keycloak keeps a client's post-logout redirect URIs in one attribute, separated by `##`.
const exportedPostLogoutUris = (
  portalClient.attributes?.['post.logout.redirect.uris'] ?? ''
)
  .split('##')
  .filter(Boolean);

function claimsOf(user) {
  return {
    sub: user.id,
    preferred_username: user.username,
    name: [user.firstName, user.lastName].filter(Boolean).join(' '),
    given_name: user.firstName,
    family_name: user.lastName,
    email: user.email,
    email_verified: user.emailVerified,
    groups: user.groups,
  };
}

const { privateKey } = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
});
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  use: 'sig',
  alg: 'RS256',
};

function createProvider(issuer) {
  return new Provider(issuer, {
    clients: [
      {
        client_id: portalClient.clientId,
        client_secret: portalClient.secret,
        redirect_uris: [
          ...portalClient.redirectUris,
          ...portalUrls.map(u => `${u}/api/auth/oidc/handler/frame`),
        ],
        post_logout_redirect_uris: [...exportedPostLogoutUris, ...portalUrls],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: catalogClient.clientId,
        client_secret: catalogClient.secret,
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      profile: [
        'preferred_username',
        'name',
        'given_name',
        'family_name',
        'groups',
      ],
      email: ['email', 'email_verified'],
    },
    // Keycloak puts the claims in the ID token too.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = usersById.get(sub);
      if (!user || !user.enabled) return undefined;
      return { accountId: sub, claims: async () => claimsOf(user) };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async ctx => {
          ctx.body = loggedOutPage();
        },
      },
    },
    // Like Keycloak's "pkce.code.challenge.method: S256" on the client: no challenge, no code.
    pkce: { required: () => true },
    // The portal is a first-party client: Keycloak asks no consent, and neither does the stand-in.
    // Within one SSO session the client keeps its grant, as Keycloak keeps one client session: a new
    // authorization (another tab, a silent check) leaves the portal's refresh token valid.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const existing = grantId && (await ctx.oidc.provider.Grant.find(grantId));
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email offline_access');
      await grant.save();
      return grant;
    },
    // Backstage keeps the session alive with the refresh token, as it does with Keycloak.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    interactions: {
      url: (_ctx, interaction) =>
        `${realmPath}/login-actions/${interaction.uid}`,
    },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      userinfo: '/protocol/openid-connect/userinfo',
      jwks: '/protocol/openid-connect/certs',
      revocation: '/protocol/openid-connect/revoke',
      end_session: '/protocol/openid-connect/logout',
    },
    ttl: {
      AccessToken: realm.accessTokenLifespan ?? 300,
      ClientCredentials: realm.accessTokenLifespan ?? 300,
      // Keycloak's SSO session: it ends at its maximum lifespan at the latest.
      Session: realm.ssoSessionMaxLifespan ?? 36000,
    },
  });
}

function escapeHtml(s) {
  return String(s).replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]),
  );
}

function htmlPage(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label,input,button{display:block;margin:.4rem 0}input{width:100%}</style>
</head>
<body>
<main>
${body}
</main>
</body></html>`;
}

/** Keycloak's question when a logout request carries no ID token: `form` is oidc-provider's. */
function logoutPage(form) {
  return htmlPage(
    'Logging out',
    `<h1>Logging out</h1>
<p>Do you want to log out?</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Logout</button>`,
  );
}

function loggedOutPage() {
  return htmlPage('You are logged out', '<h1>You are logged out</h1>');
}

function loginPage(uid, error) {
  const title = escapeHtml(realm.displayName ?? realm.realm);
  return htmlPage(
    `Sign in to ${title}`,
    `<h1>Sign in to ${title}</h1>
<p>Keycloak stand-in for development: the demo users and their passwords are in the realm export.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${realmPath}/login-actions/${escapeHtml(
      uid,
    )}/login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign In</button>
</form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res, status, body, type = 'application/json') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

async function handleInteraction(provider, req, res, url) {
  const match = url.pathname.match(/^\/login-actions\/([^/]+)(\/login)?$/);
  if (!match) return false;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== match[1]) {
    send(res, 400, { error: 'invalid_request' });
    return true;
  }
  if (req.method === 'GET') {
    send(res, 200, loginPage(details.uid), 'text/html; charset=utf-8');
    return true;
  }
  if (req.method === 'POST' && match[2]) {
    const form = await readForm(req);
    const user = usersByName.get((form.get('username') ?? '').toLowerCase());
    const password = Buffer.from(form.get('password') ?? '');
    const expected = Buffer.from(user?.password ?? '');
    const ok =
      user &&
      user.enabled &&
      user.password &&
      password.length === expected.length &&
      crypto.timingSafeEqual(password, expected);
    if (!ok) {
      send(
        res,
        200,
        loginPage(details.uid, 'Invalid username or password.'),
        'text/html; charset=utf-8',
      );
      return true;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.id } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  send(res, 405, { error: 'method not allowed' });
  return true;
}

/** One line per event a test or a developer may want to see; never a token. */
function event(name, details) {
  const fields = Object.entries(details)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  process.stdout.write(
    `keycloak-standin event ${[name, ...fields].join(' ')}\n`,
  );
}

function usernameOf(accountId) {
  return accountId && (usersById.get(accountId)?.username ?? accountId);
}

/** Reports the revocations and logouts that the provider carried out. */
function reportEvents(provider) {
  provider.use(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    if (route === 'revocation' && ctx.status === 200) {
      const token = ctx.oidc.entities.RefreshToken;
      if (token) {
        event('refresh-token-revoked', {
          client: token.clientId,
          user: usernameOf(token.accountId),
        });
      }
    }
  });
  provider.on('end_session.success', ctx => {
    event('logged-out', {
      client: ctx.oidc.client?.clientId,
      user: usernameOf(ctx.oidc.session?.accountId),
    });
  });
}

/**
 * Test-only controls (--test-controls): what an administrator does in Keycloak's console to a user
 * who still has a live session. `PUT {"enabled": false|true}` disables or enables; `DELETE` deletes.
 */
async function testControls(req, res, url) {
  const [, name] =
    url.pathname.match(/^\/test-controls\/users\/([^/]+)$/) ?? [];
  const user = name && usersByName.get(decodeURIComponent(name).toLowerCase());
  if (!user) {
    send(res, 404, { error: 'User not found' });
    return;
  }
  if (req.method === 'DELETE') {
    deleteUser(user);
    event('user-deleted', { user: user.username });
    send(res, 204, '', 'text/plain');
    return;
  }
  if (req.method === 'PUT') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { enabled } = JSON.parse(body || '{}');
    if (typeof enabled !== 'boolean') {
      send(res, 400, { error: 'send {"enabled": true|false}' });
      return;
    }
    user.enabled = enabled;
    event(enabled ? 'user-enabled' : 'user-disabled', { user: user.username });
    send(res, 204, '', 'text/plain');
    return;
  }
  send(res, 405, { error: 'method not allowed' });
}

/** The read-only part of Keycloak's admin REST API that the catalog's Keycloak org module calls. */
async function admin(provider, req, res, url) {
  const bearer = (req.headers.authorization ?? '').match(/^Bearer (.+)$/)?.[1];
  const token = bearer && (await provider.ClientCredentials.find(bearer));
  if (!token || token.clientId !== CATALOG_CLIENT) {
    send(res, 401, { error: 'HTTP 401 Unauthorized' });
    return;
  }
  if (req.method !== 'GET') {
    send(res, 405, { error: 'the stand-in admin API is read-only' });
    return;
  }
  if (url.pathname === '/admin/serverinfo') {
    send(res, 200, { systemInfo: { version: '26.0.0-standin' } });
    return;
  }
  const prefix = `/admin/realms/${realm.realm}`;
  if (!url.pathname.startsWith(`${prefix}/`)) {
    send(res, 404, { error: 'Realm not found.' });
    return;
  }
  // The admin client asks for collections with a trailing slash (`/users/`).
  const rest = url.pathname.slice(prefix.length).replace(/\/$/, '');
  const first = Number(url.searchParams.get('first') ?? 0);
  const max = Number(url.searchParams.get('max') ?? 100);
  const page = list => list.slice(first, first + max);
  const userJson = user =>
    Object.fromEntries(USER_FIELDS.map(field => [field, user[field]]));
  const [status, body] = adminAnswer(rest, page, userJson);
  send(res, status, body ?? { error: `unknown admin path ${url.pathname}` });
}

/** The answer to one admin API path below the realm: [status, JSON body]. */
function adminAnswer(rest, page, userJson) {
  if (rest === '/users/count') return [200, users.length];
  if (rest === '/users') return [200, page(users).map(userJson)];
  if (rest === '/groups/count') return [200, { count: groups.length }];
  if (rest === '/groups') return [200, page(groups)];
  const [, id, sub] =
    rest.match(/^\/groups\/([^/]+)(\/members|\/children)?$/) ?? [];
  const group = id && groups.find(g => g.id === id);
  if (id && !group) return [404, { error: 'Could not find group by id' }];
  if (group && !sub) return [200, group];
  if (group && sub === '/members') {
    return [
      200,
      page(users.filter(u => u.groups.includes(group.name))).map(userJson),
    ];
  }
  if (group && sub === '/children') return [200, []];
  return [404, undefined];
}

async function main() {
  const port = Number(args.port);
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, args.host, resolve);
  });
  const actualPort = server.address().port;
  const issuer = `http://${args['issuer-host']}:${actualPort}${realmPath}`;
  const provider = createProvider(issuer);
  reportEvents(provider);
  provider.on('server_error', (_ctx, error) => {
    process.stderr.write(`keycloak-standin: ${error.stack ?? error}\n`);
  });
  const handle = provider.callback();

  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (url.pathname.startsWith('/admin/')) {
        await admin(provider, req, res, url);
        return;
      }
      if (args['test-controls'] && url.pathname.startsWith('/test-controls/')) {
        await testControls(req, res, url);
        return;
      }
      if (
        url.pathname !== realmPath &&
        !url.pathname.startsWith(`${realmPath}/`)
      ) {
        send(res, 404, { error: 'Realm does not exist' });
        return;
      }
      const inner = new URL(
        url.pathname.slice(realmPath.length) || '/',
        issuer,
      );
      if (await handleInteraction(provider, req, res, inner)) return;
      // Mounted at the realm's path, as Koa's mount would do it.
      req.originalUrl = req.url;
      req.url = req.url.slice(realmPath.length) || '/';
      handle(req, res);
    } catch (error) {
      process.stderr.write(`keycloak-standin: ${error.stack ?? error}\n`);
      if (!res.headersSent)
        send(res, 400, {
          error: 'invalid_request',
          error_description: String(error.message),
        });
    }
  });

  process.stdout.write(`keycloak-standin ready ${issuer}\n`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

main().catch(error => {
  process.stderr.write(`keycloak-standin cannot start: ${error.message}\n`);
  process.exit(1);
});
