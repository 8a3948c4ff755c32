import { test, expect } from '@playwright/test';
import { signIn } from './signIn';

// The portal runs against the ClearML API stand-in (e2e/global-setup.ts), which holds the example
// project `sales-forecast` (catalog-info/examples/sales-forecast.yaml).

test("a project's page shows its ClearML experiments, metrics, models and dataset versions", async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/sales-forecast');

  const experiments = page.getByRole('table', { name: 'Experiments' });
  await expect(experiments).toBeVisible();
  const rows = experiments.getByRole('row');
  await expect(rows.nth(1)).toContainText('automl forecaster (48h horizon)');
  await expect(rows.nth(1)).toContainText('Running');
  await expect(rows.nth(1)).toContainText('MAE (validation) 12.7');
  await expect(rows.nth(2)).toContainText('Completed');
  await expect(rows.nth(2)).toContainText('31m 30s');
  await expect(rows.nth(3)).toContainText('Failed');
  // The sparkline of the main metric
  await expect(
    page.getByRole('img', { name: /^MAE \(validation\): 20 points/ }),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Experiments', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/sales-forecast\/experiments$/,
  );
  await expect(
    page.getByRole('img', { name: /^MAPE \(validation\): 20 points/ }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Models' })).toContainText(
    'automl forecaster - best',
  );
  const datasets = page.getByRole('table', { name: 'Dataset versions' });
  await expect(datasets).toContainText('1.1.0');
  await expect(datasets).toContainText('1.0.0');
});

test('on the embedded defaults the ClearML and Explore data pages say that the app is not served here', async ({
  page,
}) => {
  // Without the edge there is no address for ClearML's web app or Rath (clearml.webAppUrl,
  // rath.webAppUrl): nothing is framed.
  await signIn(page);
  await page.goto('/experiments');
  await expect(page.getByRole('status')).toContainText(
    'ClearML is not served here',
  );
  await expect(page.getByTitle('ClearML web app')).toHaveCount(0);
  await page.goto('/explore');
  await expect(
    page.getByRole('status').filter({ hasText: 'Rath is not served here' }),
  ).toBeVisible();
  await expect(page.getByTitle('Rath')).toHaveCount(0);
});

test("a project's Explore dataset tab loads its dataset preview into Graphic Walker, in the portal", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(e.message));
  await signIn(page);
  await page.goto('/catalog/default/component/sales-forecast');
  await page
    .getByRole('link', { name: 'Explore dataset', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/sales-forecast\/explore-dataset$/,
  );
  // The latest version's preview, from the ClearML stand-in through the portal's backend
  await expect(
    page.getByText(
      'The first 42 rows of store-sales 1.1.0 (4 columns), as ClearML previewed them.',
      { exact: false },
    ),
  ).toBeVisible();
  const explorer = page.getByRole('region', { name: 'Dataset explorer' });
  // Graphic Walker lists the preview's columns as its fields
  for (const field of ['date', 'store', 'sales', 'promo']) {
    await expect(
      explorer.getByText(field, { exact: true }).first(),
    ).toBeVisible();
  }
  // ... and its Data view shows the rows themselves
  await explorer.getByText('Data', { exact: true }).click();
  await expect(
    explorer.getByText('north', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    explorer.getByText('135', { exact: true }).first(),
  ).toBeVisible();
  expect(errors).toEqual([]);
});

test("the Explore data page explores a project's dataset preview in the portal", async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/explore');
  // Projects that name a ClearML project (other tests may create more): pick the example
  await page.getByRole('button', { name: /^Project/ }).click();
  await page.getByRole('option', { name: 'Sales forecast (example)' }).click();
  await expect(
    page.getByText('The first 42 rows of store-sales 1.1.0 (4 columns)', {
      exact: false,
    }),
  ).toBeVisible();
  const explorer = page.getByRole('region', { name: 'Dataset explorer' });
  await expect(
    explorer.getByText('sales', { exact: true }).first(),
  ).toBeVisible();
  // The older version has no preview, and says so
  await page.getByRole('button', { name: /^Dataset version/ }).click();
  await page.getByRole('option', { name: 'store-sales 1.0.0' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'No preview of this version' }),
  ).toBeVisible();
  // Rath itself is below: on the embedded defaults no edge serves it
  await expect(
    page.getByRole('status').filter({ hasText: 'Rath is not served here' }),
  ).toBeVisible();
});
