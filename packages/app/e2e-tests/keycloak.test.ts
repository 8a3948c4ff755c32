import { test, expect } from '@playwright/test';
// The portal and the Keycloak stand-in run as their own processes, as scripts/start-keycloak-standin.sh
// starts them (the other end-to-end tests share the portal with the development sign-in).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  Portal,
  freePort,
  startPortal,
} from '../../../scripts/lib/portal-process';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  KeycloakStandin,
  standinPortalConfig,
  startKeycloakStandin,
} from '../../keycloak-standin/src';

let keycloak: KeycloakStandin;
let portal: Portal;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  keycloak = await startKeycloakStandin({
    portalUrls: [`http://localhost:${port}`],
  });
  const token = 'e2e-keycloak-service-token-0123456789';
  portal = await startPortal({
    port,
    config: {
      ...standinPortalConfig(keycloak),
      backend: {
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'e2e-keycloak' } },
          ],
        },
      },
    },
  });
  // Sign-in needs the user in the catalog: wait for the Keycloak org module's first import.
  await expect
    .poll(
      async () =>
        (
          await fetch(
            `${portal.url}/api/catalog/entities/by-name/user/default/ada`,
            {
              headers: { authorization: `Bearer ${token}` },
            },
          )
        ).status,
      { timeout: 60_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  await portal?.stop();
  await keycloak?.stop();
});

test('a researcher signs in with Keycloak, sees their group, and signs out', async ({
  page,
}) => {
  await page.goto(portal.url);
  // Only Keycloak is offered: no development sign-in.
  await expect(
    page.getByText('Sign in with your organisation account'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);

  // The sign-in runs in a popup: watch the whole browser context for the authorization request.
  const authorizeRequest = page
    .context()
    .waitForEvent('request', r =>
      r.url().startsWith(`${keycloak.issuer}/protocol/openid-connect/auth`),
    );
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  const authorize = new URL((await authorizeRequest).url());
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('nonce')).toBeTruthy();

  // Keycloak's login form: a wrong password first, then the right one.
  await popup.getByLabel('Username').fill('ada');
  await popup.getByLabel('Password').fill('not-her-password');
  await popup.getByRole('button', { name: 'Sign In' }).click();
  await expect(popup.getByRole('alert')).toHaveText(
    'Invalid username or password.',
  );
  await popup.getByLabel('Username').fill('ada');
  await popup.getByLabel('Password').fill('dev-only-ada-password');
  await popup.getByRole('button', { name: 'Sign In' }).click();

  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // Their catalog page, imported from Keycloak, shows the group they belong to.
  await page.goto(`${portal.url}/catalog/default/user/ada`);
  await expect(page.getByText('ada@mlops.example').first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'researchers' }).first(),
  ).toBeVisible();

  // Signing out returns to the sign-in page, and a reload does not sign back in.
  await page.goto(`${portal.url}/settings`);
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
  await expect(
    page.getByText('Sign in with your organisation account'),
  ).toBeVisible();
  await page.reload();
  await expect(
    page.getByText('Sign in with your organisation account'),
  ).toBeVisible();
});
