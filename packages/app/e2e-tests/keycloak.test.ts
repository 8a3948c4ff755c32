import { test, expect, Page } from '@playwright/test';
// The portal and the Keycloak stand-in run as their own processes, as scripts/start-keycloak-standin.sh
// starts them (the other end-to-end tests share the portal with the development sign-in).
import {
  KeycloakStandin,
  silentSignInUrl,
  standinPortalConfig,
  startKeycloakStandin,
} from '@mlops-portal/keycloak-test-utils';
import { Portal, freePort, startPortal } from '@mlops-portal/portal-test-utils';

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

/** Signs in through Keycloak's login form in the sign-in popup; returns the popup. */
async function signIn(page: Page, username: string, password: string) {
  await page.goto(portal.url);
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign In' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * What Keycloak answers the browser to a sign-in that must not show a login page (`prompt=none`): a
 * code while its SSO session lives, `login_required` once it has ended.
 */
async function silentSignIn(page: Page) {
  const authorize = silentSignInUrl(keycloak, portal.url);
  const redirectUri = `${portal.url}/api/auth/oidc/handler/frame`;
  const answered = page.waitForRequest(r => r.url().startsWith(redirectUri));
  await page.goto(authorize.href);
  return new URL((await answered).url()).searchParams;
}

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

  // Keycloak's SSO session lives: it would sign her in without a login page.
  expect((await silentSignIn(page)).get('code')).toBeTruthy();
  await page.goto(portal.url);
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // Signing out revokes the refresh token at Keycloak and ends Keycloak's session too: Keycloak asks
  // once, then sends the browser back to the portal's sign-in page.
  await page.goto(`${portal.url}/settings`);
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
  await expect(page.getByText('Do you want to log out?')).toBeVisible();
  await page.getByRole('button', { name: 'Logout' }).click();
  await expect(
    page.getByText('Sign in with your organisation account'),
  ).toBeVisible();
  expect(new URL(page.url()).origin).toBe(portal.url);
  await keycloak.waitForEvent(
    'refresh-token-revoked client=backstage-portal user=ada',
  );
  await keycloak.waitForEvent('logged-out client=backstage-portal user=ada');

  // A reload does not sign back in, and signing in again asks for the password.
  await page.reload();
  await expect(
    page.getByText('Sign in with your organisation account'),
  ).toBeVisible();
  const secondPopup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const loginForm = await secondPopup;
  await expect(loginForm.getByLabel('Password')).toBeVisible();
  await loginForm.close();
  expect((await silentSignIn(page)).get('error')).toBe('login_required');
});

test('a researcher disabled in Keycloak is back at the sign-in page at the next refresh', async ({
  page,
}) => {
  await signIn(page, 'ada', 'dev-only-ada-password');
  await keycloak.setUserEnabled('ada', false);
  try {
    await page.reload();
    await expect(
      page.getByText('Sign in with your organisation account'),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Catalog', exact: true }),
    ).toHaveCount(0);
  } finally {
    await keycloak.setUserEnabled('ada', true);
  }
});
