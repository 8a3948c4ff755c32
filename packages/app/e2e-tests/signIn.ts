import { expect, Page } from '@playwright/test';

/** Signs in with the development sign-in of the embedded defaults (Enter) and waits for the sidebar. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
