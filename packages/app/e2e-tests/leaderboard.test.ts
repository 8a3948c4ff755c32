import crypto from 'node:crypto';
import { test, expect } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The leaderboard reads the ClearML API stand-in (e2e/global-setup.ts) through the portal's backend: the
 * example project sales-forecast (catalog-info/examples) and the fixture project energy-demand
 * (fixtures/leaderboard-project.yaml) both have forecasting runs scored on MASE on the dataset version
 * store-sales 1.1.0. The stand-in names its records by a hash of a seed (clearmlStandin.ts).
 */
const standinId = (seed: string) =>
  crypto.createHash('md5').update(`id:${seed}`).digest('hex');

test('the leaderboard lists the best run across two projects from the ClearML stand-in and links to it', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Leaderboard' }).first().click();
  await expect(page).toHaveURL(/\/leaderboard$/);
  await expect(page.getByRole('tab', { name: 'Forecasting' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('note')).toContainText(
    'Runs are comparable only where the metric and the dataset version agree',
  );

  const mase = page.getByRole('table', { name: 'mase on store-sales 1.1.0' });
  await expect(mase).toBeVisible();
  const rows = mase.getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('1st');
  await expect(rows.nth(1)).toContainText('Energy demand (e2e)');
  await expect(rows.nth(1)).toContainText('0.78');
  await expect(rows.nth(1)).toContainText('exponential-smoothing');
  await expect(rows.nth(2)).toContainText('2nd');
  await expect(rows.nth(2)).toContainText('Sales forecast (example)');
  await expect(rows.nth(2)).toContainText('0.84');

  // The best run links to itself in ClearML's web app
  const best = rows.nth(1).getByRole('link', {
    name: /^Open Energy demand \(e2e\)'s run in ClearML/,
  });
  await expect(best).toHaveAttribute(
    'href',
    new RegExp(
      `/projects/${standinId('project:energy-demand')}/experiments/${standinId(
        'task:energy-automl',
      )}/output/execution$`,
    ),
  );
  // The other metric is its own group
  await expect(
    page.getByRole('table', { name: 'smape on local-3f9a2c1e' }),
  ).toBeVisible();
  await expect(page.getByText(/^Read from ClearML at /)).toBeVisible();

  // The winning component's page shows the best result it was part of
  await rows
    .nth(1)
    .getByRole('link', { name: 'exponential-smoothing' })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/exponential-smoothing$/,
  );
  const card = page.getByRole('region', { name: 'Best result' });
  await expect(card).toContainText('mase 0.78 — 1st of 2 on forecasting');
  await expect(card).toContainText('Energy demand (e2e)');
});
