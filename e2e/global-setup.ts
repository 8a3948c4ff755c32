import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createClearmlStandin } from '@mlops-portal/plugin-clearml-node/testUtils';
import {
  guestToken,
  startCreateProjectStandins,
  startPortal,
} from '@mlops-portal/portal-test-utils';

/**
 * The catalog ingests its files in the background: the tests start once the last generated location
 * (the component library) has been read, so that pages show the whole catalog on first load.
 */
async function waitForCatalog(url: string) {
  const token = await guestToken(url);
  const probe = `${url}/api/catalog/entities/by-name/component/default/seasonal-naive`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const res = await fetch(probe, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.ok) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`the catalog did not ingest ${probe} within 90 s`);
}

/**
 * Test entities that only the end-to-end run loads (packages/app/e2e-tests/fixtures): the shipped
 * catalog locations plus one for them (a config file's list replaces the lists before it, so the
 * shipped ones are repeated).
 */
function catalogLocationsWithFixtures(
  reuseProjectDir: string,
  templatesLocation: string,
) {
  const shipped = parse(
    fs.readFileSync(path.resolve(__dirname, '../app-config.yaml'), 'utf8'),
  ).catalog.locations as { target: string }[];
  const fixture = (name: string) =>
    path.resolve(__dirname, '../packages/app/e2e-tests/fixtures', name);
  const templates = shipped.findIndex(l =>
    l.target.endsWith('catalog-info/templates.yaml'),
  );
  if (templates < 0) {
    throw new Error(
      'app-config.yaml no longer registers catalog-info/templates.yaml: update e2e/global-setup.ts',
    );
  }
  return [
    ...shipped.map((l, i) =>
      i === templates ? { ...l, target: templatesLocation } : l,
    ),
    {
      type: 'file',
      target: fixture('rule-breaker.yaml'),
      rules: [{ allow: ['Component'] }],
    },
    // the leaderboard's second project (packages/app/e2e-tests/leaderboard.test.ts)
    {
      type: 'file',
      target: fixture('leaderboard-project.yaml'),
      rules: [{ allow: ['Component'] }],
    },
    {
      type: 'file',
      target: path.join(reuseProjectDir, 'catalog-info.yaml'),
      rules: [{ allow: ['Component'] }],
    },
  ];
}

/**
 * A project folder the reuse map's test changes while the portal runs (packages/app/e2e-tests/reuse.test.ts):
 * a project made from a template, whose requirements-components.txt names the AutoML organism it uses.
 */
function writeReuseProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-reuse-project-'));
  fs.copyFileSync(
    path.resolve(
      __dirname,
      '../packages/app/e2e-tests/fixtures/reuse-project/catalog-info.yaml',
    ),
    path.join(dir, 'catalog-info.yaml'),
  );
  fs.writeFileSync(
    path.join(dir, 'requirements-components.txt'),
    'mlops-components==0.1.0\n# component: component:default/automl-forecasting\n',
  );
  return dir;
}

/**
 * A copy of the "Create project" templates (templates/ and their Location) that the run registers in
 * place of the shipped ones, so that the template upgrades test can move a template to a new version
 * while the portal runs (packages/app/e2e-tests/template-upgrades.test.ts). Returns the copy's folder.
 */
function copyTemplates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-templates-'));
  fs.cpSync(
    path.resolve(__dirname, '../templates'),
    path.join(dir, 'templates'),
    {
      recursive: true,
    },
  );
  fs.mkdirSync(path.join(dir, 'catalog-info'));
  fs.copyFileSync(
    path.resolve(__dirname, '../catalog-info/templates.yaml'),
    path.join(dir, 'catalog-info/templates.yaml'),
  );
  return dir;
}

/**
 * The rule-breaking fixture is in the catalog with the violation the atomic catalog module found.
 * The module checks a new entity's dependsOn targets from its second processing pass on (they may
 * not be processed yet on the first): the fixture is refreshed once it is in, as a user would press
 * Refresh, rather than waiting minutes for the next scheduled pass.
 */
async function waitForRuleBreaker(url: string) {
  const token = await guestToken(url);
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const entityRef = 'component:default/e2e-rule-breaker';
  const probe = `${url}/api/catalog/entities/by-name/component/default/e2e-rule-breaker`;
  const deadline = Date.now() + 90_000;
  let refreshedAt = 0;
  while (Date.now() < deadline) {
    const res = await fetch(probe, { headers });
    if (res.ok) {
      const entity = await res.json();
      const recorded: string =
        entity.metadata.annotations?.['mlops-portal.io/rule-violations'] ?? '';
      if (recorded.includes('(rule dependency-level)')) return;
      if (Date.now() - refreshedAt > 10_000) {
        refreshedAt = Date.now();
        const refresh = await fetch(`${url}/api/catalog/refresh`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ entityRef }),
        });
        if (!refresh.ok) {
          throw new Error(
            `refreshing ${entityRef} failed: ${
              refresh.status
            } ${await refresh.text()}`,
          );
        }
      }
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `the catalog did not record the rule violation of ${entityRef} within 90 s`,
  );
}

/** Starts the portal once for the whole end-to-end run and stops it afterwards. */
export default async function globalSetup() {
  // ClearML's API stand-in on a free port, with the example project's experiments
  const clearml = createClearmlStandin();
  await clearml.start();
  // "Create project" publishes to a GitLab stand-in (GitLab's REST calls + a real git http-backend); the
  // ClearML stand-in above also answers the template's projects.get_all / projects.create
  const gitlab = await startCreateProjectStandins({ clearml: false });
  const reuseProjectDir = writeReuseProject();
  const templatesDir = copyTemplates();
  const portal = await startPortal({
    config: {
      ...gitlab.config,
      clearml: { apiUrl: clearml.url, filesUrl: clearml.filesUrl },
      catalog: {
        locations: catalogLocationsWithFixtures(
          reuseProjectDir,
          path.join(templatesDir, 'catalog-info/templates.yaml'),
        ),
      },
    },
  });
  process.env.PORTAL_E2E_URL = portal.url;
  process.env.PORTAL_E2E_REUSE_PROJECT = reuseProjectDir;
  process.env.PORTAL_E2E_TEMPLATES = path.join(templatesDir, 'templates');
  process.env.PORTAL_E2E_GITLAB_HOST = gitlab.gitlab.host;
  process.env.PORTAL_E2E_GITLAB_URL = gitlab.gitlab.url;
  process.env.PORTAL_E2E_GITLAB_TOKEN = gitlab.token;
  process.env.PORTAL_E2E_GITLAB_GROUP = gitlab.group;
  process.env.PORTAL_E2E_GITLAB_REPOS = gitlab.gitlab.reposRoot;
  const stop = async () => {
    await portal.stop();
    await gitlab.close();
    await clearml.stop();
    fs.rmSync(reuseProjectDir, { recursive: true, force: true });
    fs.rmSync(templatesDir, { recursive: true, force: true });
  };
  try {
    await waitForCatalog(portal.url);
    await waitForRuleBreaker(portal.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
