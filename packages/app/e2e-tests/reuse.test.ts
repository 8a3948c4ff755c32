import fs from 'node:fs';
import path from 'node:path';
import { test, expect, Page } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The reuse map follows a project's own files: e2e/global-setup.ts registers a project folder whose
 * requirements-components.txt names only the AutoML organism; the test adds ThetaForecaster to it,
 * refreshes the project as the Refresh button does, and sees Theta's page and the Reuse map list the
 * project, without the project being created again.
 */
const PROJECT_REF = 'component:default/e2e-reuse-project';
const PROJECT_TITLE = 'E2E reuse project';
/** What the Projects using it card says once it has loaded. */
const LOADED_CARD = /^(Used by \d+ projects?|No project uses it yet)$/;

function projectDir() {
  const dir = process.env.PORTAL_E2E_REUSE_PROJECT;
  if (!dir)
    throw new Error(
      'PORTAL_E2E_REUSE_PROJECT is not set by e2e/global-setup.ts',
    );
  return dir;
}

/** Asks the catalog to process the project again, with the signed-in user's token. */
async function refreshProject(page: Page) {
  const status = await page.evaluate(async entityRef => {
    const session = await fetch('/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    }).then(r => r.json());
    const res = await fetch('/api/catalog/refresh', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${session.backstageIdentity.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ entityRef }),
    });
    return res.status;
  }, PROJECT_REF);
  expect(status).toBe(200);
}

test('a component shows the projects that use it after a project’s requirements-components.txt changes', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const requirements = path.join(projectDir(), 'requirements-components.txt');
  await signIn(page);

  // At first the project uses only the AutoML organism: Theta's page does not list it.
  await page.goto('/catalog/default/component/automl-forecasting');
  await expect(
    page
      .getByRole('region', { name: 'Projects using it' })
      .getByRole('link', { name: PROJECT_TITLE }),
  ).toBeVisible();
  await page.goto('/catalog/default/component/theta');
  const usedBy = page.getByRole('region', { name: 'Projects using it' });
  await expect(usedBy.getByText(LOADED_CARD)).toBeVisible();
  await expect(usedBy.getByRole('link', { name: PROJECT_TITLE })).toHaveCount(
    0,
  );

  // The project starts using Theta: one line in its requirements-components.txt, then a refresh.
  fs.appendFileSync(requirements, '# component: component:default/theta\n');
  await refreshProject(page);
  // The catalog processes the project again within seconds; each try waits for the card to load.
  await expect(async () => {
    await page.reload();
    const card = page.getByRole('region', { name: 'Projects using it' });
    await expect(card.getByText(LOADED_CARD)).toBeVisible({ timeout: 30_000 });
    await expect(card.getByRole('link', { name: PROJECT_TITLE })).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 120_000 });
  await expect(
    page
      .getByRole('region', { name: 'Projects using it' })
      .getByText(/^Used by \d+ projects?$/),
  ).toBeVisible();

  // The Reuse map lists the project beside Theta too (once its short cache has expired).
  await page.getByRole('link', { name: 'Reuse map' }).first().click();
  await expect(page).toHaveURL(/\/reuse$/);
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('table', { name: 'Usage per level' }),
    ).toBeVisible({ timeout: 30_000 });
    const theta = page.getByRole('row', { name: 'ThetaForecaster' });
    await expect(theta.getByRole('link', { name: PROJECT_TITLE })).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 120_000 });
  await expect(
    page.getByRole('table', { name: 'Usage per level' }),
  ).toBeVisible();
});
