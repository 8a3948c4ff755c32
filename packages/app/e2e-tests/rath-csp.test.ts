import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { freePort } from '@mlops-portal/portal-test-utils';
import { NGINX, startNginx } from './nginx';

/*
 * Rath's production build sends the data a researcher loads to third-party servers. The edge serves Rath
 * on its own host name with a Content-Security-Policy that keeps every request on Rath's origin. This
 * test runs that policy for real: Debian's nginx with the edge's own `$edge_csp` map, copied verbatim from
 * deploy/nginx/templates/edge.conf.template (Rath's name set to this test's `localhost`), and the edge's
 * security-headers snippet, serving a small page under /rath/ that tries to send data to another loopback
 * origin. The browser must block it: the foreign server receives nothing and the page sees a CSP
 * violation.
 */
const root = path.resolve(__dirname, '../../..');
const template = path.join(root, 'deploy/nginx/templates/edge.conf.template');
const securityHeaders = path.join(
  root,
  'deploy/nginx/snippets/security-headers.conf',
);

/**
 * The edge's per-name policy map, exactly as the edge configuration writes it, with Rath's name set to
 * `localhost` (this test's nginx) and the other names to names nobody uses here.
 */
function edgeCspMap(): string {
  const map = fs
    .readFileSync(template, 'utf8')
    .match(/^map \$host \$edge_csp \{\n[\s\S]*?\n\}$/m)?.[0];
  if (!map || !map.includes('${EDGE_RATH_HOST} ')) {
    throw new Error(
      `${template} no longer holds the "map $host $edge_csp" block with a Rath entry this test runs`,
    );
  }
  return map.replace(/\$\{(EDGE_[A-Z_]+)\}/g, (_, name: string) =>
    name === 'EDGE_RATH_HOST'
      ? 'localhost'
      : `${name.toLowerCase().replace(/_/g, '-')}.invalid`,
  );
}

// The page under /rath/: it loads its data from its own origin, then tries three ways of sending it to
// another origin (fetch, a beacon, an image URL), recording what happens.
const probe = `
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI);
});
window.__probe = (async () => {
  const own = await fetch('/rath/rows.json').then(r => r.json());
  const foreign = window.__foreign + '/collect';
  let fetched;
  try {
    await fetch(foreign, { method: 'POST', body: JSON.stringify(own) });
    fetched = 'sent';
  } catch (e) {
    fetched = 'blocked: ' + e.message;
  }
  let beacon;
  try {
    beacon = navigator.sendBeacon(foreign, JSON.stringify(own)) ? 'queued' : 'refused';
  } catch (e) {
    beacon = 'blocked: ' + e.message;
  }
  const image = await new Promise(resolve => {
    const img = new Image();
    img.onload = () => resolve('loaded');
    img.onerror = () => resolve('blocked');
    img.src = foreign + '?rows=' + encodeURIComponent(JSON.stringify(own));
  });
  return { ownRows: own.length, fetched, beacon, image };
})();
`;

let nginx: { stop(): Promise<void> } | undefined;
let folder: string;
let edgeUrl: string;
let foreign: http.Server;
let foreignUrl: string;
const foreignRequests: string[] = [];

test.beforeAll(async () => {
  if (!NGINX) {
    throw new Error(
      'nginx is not installed (apt-get install -y nginx): this test runs the edge policy in it',
    );
  }
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rath-csp-'));
  fs.chmodSync(folder, 0o755);
  const www = path.join(folder, 'www', 'rath');
  fs.mkdirSync(www, { recursive: true });
  fs.writeFileSync(
    path.join(www, 'index.html'),
    '<!doctype html><title>Rath stand-in</title><script src="config.js"></script><script src="probe.js"></script>',
  );
  fs.writeFileSync(path.join(www, 'probe.js'), probe);
  fs.writeFileSync(
    path.join(www, 'rows.json'),
    JSON.stringify([{ store: 'north', sales: 135 }]),
  );
  for (const dir of [folder, path.join(folder, 'www'), www]) {
    fs.chmodSync(dir, 0o755);
  }

  foreign = http.createServer((req, res) => {
    foreignRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
    res.end('ok');
  });
  await new Promise<void>(resolve =>
    foreign.listen(0, '127.0.0.1', () => resolve()),
  );
  foreignUrl = `http://127.0.0.1:${
    (foreign.address() as net.AddressInfo).port
  }`;
  fs.writeFileSync(
    path.join(www, 'config.js'),
    `window.__foreign = ${JSON.stringify(foreignUrl)};`,
  );

  const port = await freePort();
  // The page's origin is localhost; the foreign server is 127.0.0.1 on another port: another origin.
  edgeUrl = `http://localhost:${port}`;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map(kind => `  ${kind}_temp_path ${path.join(folder, `tmp-${kind}`)};`)
    .join('\n');
  const conf = path.join(folder, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `events {}
http {
${temp}
  access_log off;
  types { text/html html; application/javascript js; application/json json; }
${edgeCspMap()}
  server {
    listen 127.0.0.1:${port};
    location /rath/ {
      include ${securityHeaders};
      root ${path.join(folder, 'www')};
    }
  }
}
`,
  );
  nginx = await startNginx({ conf, folder, port });
});

test.afterAll(async () => {
  await nginx?.stop();
  await new Promise(resolve => foreign?.close(resolve));
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

test('a request from the Rath route to a foreign origin is blocked by the edge policy', async ({
  page,
}) => {
  const response = await page.goto(`${edgeUrl}/rath/`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("connect-src 'self'");

  const result = await page.evaluate(() => (window as any).__probe);
  // The page works with its own origin ...
  expect(result.ownRows).toBe(1);
  // ... and every way out to the other origin is refused by the browser
  expect(result.fetched).toMatch(/^blocked: /);
  expect(result.image).toBe('blocked');
  // The beacon is queued, then refused when the browser sends it: wait for its violation report too.
  const violations = () =>
    page.evaluate(() => (window as any).__csp as string[]);
  await expect
    .poll(async () =>
      (await violations()).filter(v => v.startsWith('connect-src ')),
    )
    .toEqual([
      `connect-src ${foreignUrl}/collect`,
      `connect-src ${foreignUrl}/collect`,
    ]);
  expect(await violations()).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(`^img-src ${foreignUrl.replace(/\./g, '\\.')}/collect`),
      ),
    ]),
  );
  // The foreign server answers (a control request gets through) and has seen nothing else.
  await page.close();
  await new Promise<void>(resolve =>
    http.get(`${foreignUrl}/control`, res => res.resume().on('end', resolve)),
  );
  expect(foreignRequests).toEqual(['GET /control']);
});
