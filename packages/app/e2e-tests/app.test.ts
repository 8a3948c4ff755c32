import { test, expect } from '@playwright/test';
import { signIn } from './signIn';

test('a researcher signs in and sees what the portal offers', async ({
  page,
}) => {
  await signIn(page);
  await expect(page.getByText('What you can do here')).toBeVisible();
  for (const entry of [
    'Browse the catalog',
    'Create a project',
    'Read the docs',
    'Search',
  ]) {
    await expect(
      page.getByRole('link', { name: entry, exact: true }),
    ).toBeVisible();
  }
});

test('the catalog shows the portal’s own entities', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await page.getByRole('menuitem', { name: /^All/ }).click();
  await page.getByPlaceholder('Search').fill('MLOps Portal');
  await expect(
    page.locator('a[href="/catalog/default/component/mlops-portal"]'),
  ).toHaveText('MLOps Portal');

  // The component library's generated entities are there too.
  await page.getByPlaceholder('Search').fill('SeasonalNaive');
  await expect(
    page.getByRole('link', { name: 'SeasonalNaive', exact: true }),
  ).toBeVisible();
});
