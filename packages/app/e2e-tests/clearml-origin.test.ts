import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import {
  chromiumLaunchOptions,
  freePort,
} from '@mlops-portal/portal-test-utils';
import { NGINX, startNginx } from './nginx';

/*
 * THREATS 39: a script that runs on ClearML's origin (a stored XSS in its web app, an HTML artifact)
 * must not obtain the viewer's portal token. This test runs the edge's real configuration
 * (deploy/nginx: nginx.conf, snippets, edge.conf.template rendered as the nginx image renders it) in
 * Debian's nginx over TLS, with the names of a deployment under mlops.test mapped to loopback:
 *
 *   portal.mlops.test   the real portal the end-to-end run started (global-setup), behind the edge
 *   clearml.mlops.test  a stand-in for ClearML's web server serving a page that tries to get a token
 *   portal.mlops.test/techdocs/  a stand-in for the docs storage's S3 API serving a page that tries too
 *
 * A signed-in user's browser has the edge's session cookie for ClearML's name. The page on ClearML's
 * name tries every way a script has to read the portal's token endpoint (/api/auth/guest/refresh, which
 * answers the embedded defaults' sign-in with a token, like /api/auth/oidc/refresh does with the session
 * cookie); none gets a token. The same script on the portal's origin, where the edge used to serve
 * ClearML under /clearml/, gets one: the separation of origins is what protects.
 */
const root = path.resolve(__dirname, '../../..');
const nginxDir = path.join(root, 'deploy/nginx');
const DOMAIN = 'mlops.test';
const PORTAL = `portal.${DOMAIN}`;
const CLEARML = `clearml.${DOMAIN}`;
const NAMES = [
  PORTAL,
  `sso.${DOMAIN}`,
  CLEARML,
  `files.${CLEARML}`,
  `rath.${DOMAIN}`,
];

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      // The deployment's names, on this machine.
      `--host-resolver-rules=MAP *.${DOMAIN} 127.0.0.1`,
      // They are public names in a deployment; here they resolve to loopback, which Chromium would
      // otherwise keep from frames of a page that Playwright answers (no address: taken as public).
      '--disable-features=LocalNetworkAccessChecks',
    ],
  },
});

/** A portal token (a JWT) anywhere in what the probe got back. */
const PORTAL_TOKEN = /ey[\w-]+\.[\w-]+\.[\w-]+/;

// What a script on either origin tries: the portal's token endpoint, read in every way a page can.
const probe = `async portal => {
  const url = portal + '/api/auth/guest/refresh';
  const attempt = async (name, init) => {
    try {
      const res = await fetch(url, init);
      const text = res.type === 'opaque' ? '' : await res.text();
      return name + ': ' + res.type + ' ' + res.status + ' ' + text;
    } catch (e) {
      return name + ': blocked ' + e.name;
    }
  };
  const results = [
    await attempt('with the header', { credentials: 'include', headers: { 'X-Requested-With': 'XMLHttpRequest' } }),
    await attempt('simple request', { credentials: 'include' }),
    await attempt('no-cors', { credentials: 'include', mode: 'no-cors' }),
  ];
  const frame = await new Promise(resolve => {
    const iframe = document.createElement('iframe');
    iframe.src = url;
    iframe.onload = () => {
      try {
        resolve('frame: ' + iframe.contentDocument.body.innerText);
      } catch (e) {
        resolve('frame: blocked ' + e.name);
      }
    };
    document.body.appendChild(iframe);
    setTimeout(() => resolve('frame: no load'), 5000);
  });
  results.push(frame);
  return results;
}`;

let nginx: { stop(): Promise<void> } | undefined;
let folder: string;
let edgePort: number;
let clearmlStandin: http.Server;
let docsStorageStandin: http.Server;
let oauth2Standin: http.Server;
const oauth2Checks: string[] = [];

function listen(server: http.Server): Promise<string> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`127.0.0.1:${(server.address() as net.AddressInfo).port}`),
    ),
  );
}

/** The edge's configuration laid out as the nginx image does, the templates rendered with `values`. */
function renderEdge(values: Record<string, string>) {
  const conf = path.join(folder, 'nginx');
  fs.mkdirSync(path.join(conf, 'edge'), { recursive: true });
  fs.cpSync(path.join(nginxDir, 'nginx.conf'), path.join(conf, 'nginx.conf'));
  fs.cpSync(path.join(nginxDir, 'snippets'), path.join(conf, 'snippets'), {
    recursive: true,
  });
  fs.cpSync('/etc/nginx/mime.types', path.join(conf, 'mime.types'));
  for (const file of fs.readdirSync(path.join(nginxDir, 'templates'))) {
    const text = fs.readFileSync(
      path.join(nginxDir, 'templates', file),
      'utf8',
    );
    const rendered = text.replace(
      /\$\{(EDGE_[A-Z0-9_]+)\}/g,
      (_, name: string) => {
        if (!(name in values)) {
          throw new Error(`${file} uses ${name}, which this test does not set`);
        }
        return values[name];
      },
    );
    fs.writeFileSync(
      path.join(conf, 'edge', file.replace(/\.template$/, '')),
      rendered,
    );
  }
  // The test's own temp folders (Debian's compiled-in ones belong to the packaged nginx).
  fs.writeFileSync(
    path.join(conf, 'edge', 'zz-test-only.conf'),
    ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map(kind => `${kind}_temp_path ${path.join(folder, `tmp-${kind}`)};\n`)
      .join(''),
  );
  return path.join(conf, 'nginx.conf');
}

test.beforeAll(async () => {
  if (!NGINX) {
    throw new Error(
      'nginx is not installed (apt-get install -y nginx): this test runs the edge in it',
    );
  }
  const portalUrl = process.env.PORTAL_E2E_URL;
  if (!portalUrl) {
    throw new Error('PORTAL_E2E_URL is not set: run through playwright test');
  }
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-origin-'));
  fs.chmodSync(folder, 0o755);

  // ClearML's web server: a page that runs the probe against the portal.
  clearmlStandin = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>ClearML stand-in</title><body>experiments');
  });
  // The docs storage's S3 API: whatever a project's CI published, with the type it was stored with (a
  // presigned link gets it). This page's script marks the title, tries the probe and says what it got.
  docsStorageStandin = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(
      `<!doctype html><title>published page</title><body><script>document.title = 'script ran'; (${probe})(location.origin).then(r => { document.title = ${PORTAL_TOKEN}.test(r.join()) ? 'got a portal token' : 'no token'; });</script>`,
    );
  });
  // oauth2-proxy's check: the signed-in user's session cookie, or 401.
  oauth2Standin = http.createServer((req, res) => {
    if (req.url?.startsWith('/oauth2/auth')) {
      oauth2Checks.push(String(req.headers['x-forwarded-host']));
      const signedIn = /(^|; )_mlops_edge=alice-session(;|$)/.test(
        req.headers.cookie ?? '',
      );
      res.writeHead(
        signedIn ? 202 : 401,
        signedIn ? { 'X-Auth-Request-User': 'alice' } : {},
      );
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  const clearml = await listen(clearmlStandin);
  const docsStorage = await listen(docsStorageStandin);
  const oauth2 = await listen(oauth2Standin);

  const cert = path.join(folder, 'fullchain.pem');
  const key = path.join(folder, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${PORTAL}`,
      '-addext',
      `subjectAltName=${NAMES.map(n => `DNS:${n}`).join(',')}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );

  edgePort = await freePort();
  const httpPort = await freePort();
  const portal = new URL(portalUrl);
  const conf = renderEdge({
    EDGE_PORTAL_HOST: PORTAL,
    EDGE_SSO_HOST: NAMES[1],
    EDGE_CLEARML_HOST: CLEARML,
    EDGE_CLEARML_FILES_HOST: NAMES[3],
    EDGE_RATH_HOST: NAMES[4],
    EDGE_HTTP_PORT: `127.0.0.1:${httpPort}`,
    EDGE_HTTPS_PORT: `127.0.0.1:${edgePort}`,
    EDGE_RESOLVER: '127.0.0.1',
    EDGE_TLS_CERTIFICATE: cert,
    EDGE_TLS_CERTIFICATE_KEY: key,
    EDGE_PORTAL_UPSTREAM: `127.0.0.1:${portal.port}`,
    EDGE_OAUTH2_PROXY_UPSTREAM: oauth2,
    EDGE_CLEARML_WEB_UPSTREAM: clearml,
    // Not used by this test: answered by the ClearML stand-in.
    EDGE_CLEARML_API_UPSTREAM: clearml,
    EDGE_CLEARML_FILES_UPSTREAM: clearml,
    EDGE_RATH_UPSTREAM: clearml,
    EDGE_KEYCLOAK_UPSTREAM: clearml,
    EDGE_DOCS_STORAGE_UPSTREAM: docsStorage,
  });
  for (const dir of fs.readdirSync(folder, { recursive: true })) {
    fs.chmodSync(path.join(folder, String(dir)), 0o755);
  }
  nginx = await startNginx({ conf, folder, port: edgePort });
});

test.afterAll(async () => {
  await nginx?.stop();
  await new Promise(resolve => clearmlStandin?.close(resolve));
  await new Promise(resolve => docsStorageStandin?.close(resolve));
  await new Promise(resolve => oauth2Standin?.close(resolve));
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

test("a page served from ClearML's origin cannot obtain the viewer's portal token", async ({
  page,
  context,
}) => {
  const portal = `https://${PORTAL}:${edgePort}`;
  const clearml = `https://${CLEARML}:${edgePort}`;
  // The viewer is signed in at the edge for ClearML's name.
  await context.addCookies([
    {
      name: '_mlops_edge',
      value: 'alice-session',
      domain: CLEARML,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);

  // Control: on the portal's origin (where the edge used to serve ClearML, under /clearml/) the same
  // script gets a token.
  const own = await page.goto(`${portal}/`);
  expect(own?.status()).toBe(200);
  const onPortal: string[] = await page.evaluate(
    `(${probe})(${JSON.stringify(portal)})`,
  );
  expect(onPortal[0]).toMatch(
    /^with the header: basic 200 [\s\S]*"token": *"ey[\w-]+\.[\w-]+\.[\w-]+"/,
  );

  // ClearML's page, through the edge's real configuration, behind its login.
  const response = await page.goto(`${clearml}/projects`);
  expect(response?.status()).toBe(200);
  expect(await page.title()).toBe('ClearML stand-in');
  expect(response?.headers()['content-security-policy']).toBe(
    `frame-ancestors ${portal.replace(`:${edgePort}`, '')}`,
  );
  expect(oauth2Checks).toContain(CLEARML);

  const onClearml: string[] = await page.evaluate(
    `(${probe})(${JSON.stringify(portal)})`,
  );
  expect(onClearml).toEqual([
    'with the header: blocked TypeError',
    'simple request: blocked TypeError',
    'no-cors: opaque 0 ',
    expect.stringMatching(/^frame: (blocked \w+|no load)$/),
  ]);
  expect(onClearml.join('\n')).not.toMatch(PORTAL_TOKEN);
});

test("an HTML artifact from ClearML's file server runs sandboxed and cannot obtain a portal token either", async ({
  page,
  context,
}) => {
  const portal = `https://${PORTAL}:${edgePort}`;
  const files = `https://${NAMES[3]}:${edgePort}`;
  // oauth2-proxy's session for ClearML's name covers its file server's name (the cookie's domain).
  await context.addCookies([
    {
      name: '_mlops_edge',
      value: 'alice-session',
      domain: `.${CLEARML}`,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  const response = await page.goto(`${files}/team/report.html`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(
    /^sandbox allow-scripts allow-popups allow-downloads; /,
  );
  // The sandbox gives the page an opaque origin: no cookies or storage of the file server's name ...
  expect(await page.evaluate('window.origin')).toBe('null');
  expect(
    await page.evaluate(
      '(() => { try { return String(localStorage.length); } catch (e) { return e.name; } })()',
    ),
  ).toBe('SecurityError');
  // ... and the portal's token endpoint is as closed to it as to ClearML's web app.
  const results: string[] = await page.evaluate(
    `(${probe})(${JSON.stringify(portal)})`,
  );
  expect(results.slice(0, 3)).toEqual([
    'with the header: blocked TypeError',
    'simple request: blocked TypeError',
    'no-cors: opaque 0 ',
  ]);
  expect(results.join('\n')).not.toMatch(PORTAL_TOKEN);
});

// The docs storage's S3 API shares the portal's name (CI publishes there), and a project's CI key may
// write HTML into its own site and presign a link to it: what it serves must run nothing there.
test("a page a project published to the docs storage runs no script on the portal's name", async ({
  page,
}) => {
  const portal = `https://${PORTAL}:${edgePort}`;
  const link =
    '/techdocs/default/component/sales-forecast/report.html?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=docs-site%2F20261203%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc';
  const response = await page.goto(`${portal}${link}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toBe('text/html');
  // An inline script runs while the page is parsed, before its load event: had it run, the title would
  // say so now (and, once its probe answered, whether it got the viewer's portal token).
  await page.waitForLoadState('load');
  expect(await page.title()).toBe('published page');
});

// THREATS 17: a page on a foreign origin that frames the portal or ClearML gets nothing drawn (the
// edge's frame-ancestors, on every answer: the app's page, or the login it sends a stranger to); the
// portal's own name frames ClearML and Rath. Both framing pages are answered by the browser itself
// (Playwright's routing), so that only the framed answers, which come from the edge, decide.
test('a foreign site cannot frame the portal or ClearML; the portal frames ClearML and Rath', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const framed = {
    portal: `https://${PORTAL}:${edgePort}/`,
    clearml: `https://${CLEARML}:${edgePort}/projects`,
    rath: `https://${NAMES[4]}:${edgePort}/`,
  };
  await context.addCookies(
    [CLEARML, NAMES[4]].map(domain => ({
      name: '_mlops_edge',
      value: 'alice-session',
      domain,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax' as const,
    })),
  );
  const framer = (names: Array<keyof typeof framed>) =>
    `<!doctype html><title>framer</title><body>${names
      .map(name => `<iframe id="${name}" src="${framed[name]}"></iframe>`)
      .join('')}`;
  // The portal's name on the default https port: the one its frame-ancestors name.
  const parents = {
    foreign: 'https://evil.example/',
    portal: `https://${PORTAL}/framer`,
  };
  await page.route(parents.foreign, route =>
    route.fulfill({
      contentType: 'text/html',
      body: framer(['portal', 'clearml', 'rath']),
    }),
  );
  await page.route(parents.portal, route =>
    route.fulfill({
      contentType: 'text/html',
      body: framer(['clearml', 'rath']),
    }),
  );

  /** What each frame shows: its document's title and address, once every frame has loaded. */
  const shown = async (names: string[]) => {
    await page.waitForFunction(
      n => document.querySelectorAll('iframe').length === n,
      names.length,
    );
    const out: Record<string, string> = {};
    for (const name of names) {
      const frame = await (await page.$(`iframe#${name}`))!.contentFrame();
      await frame!.waitForLoadState('load');
      const title = await frame!.evaluate('document.title').catch(() => '');
      out[name] = `${frame!.url().split(':')[0]} ${title}`;
    }
    return out;
  };

  const edgeAnswers: string[] = [];
  page.on('response', r => {
    if (r.url().includes(`:${edgePort}`)) {
      edgeAnswers.push(`${r.status()} ${r.url()}`);
    }
  });
  await page.goto(parents.portal);
  expect(await shown(['clearml', 'rath'])).toEqual({
    clearml: 'https ClearML stand-in',
    rath: 'https ClearML stand-in',
  });

  edgeAnswers.length = 0;
  await page.goto(parents.foreign);
  const foreign = await shown(['portal', 'clearml', 'rath']);
  // The edge did answer each: the browser refused to draw what it answered.
  expect(edgeAnswers.map(answer => answer.split(' ')[1])).toEqual(
    expect.arrayContaining(Object.values(framed)),
  );
  expect(foreign).toEqual({
    portal: expect.stringMatching(/^chrome-error /),
    clearml: expect.stringMatching(/^chrome-error /),
    rath: expect.stringMatching(/^chrome-error /),
  });
});
