import { Config } from '@backstage/config';
import {
  OAuthAuthenticator,
  createOAuthAuthenticator,
} from '@backstage/plugin-auth-node';
import {
  OidcAuthResult,
  oidcAuthenticator,
} from '@backstage/plugin-auth-backend-module-oidc-provider';

/** Backstage's OIDC context, plus where Keycloak sends the browser after sign-out. */
type KeycloakContext = ReturnType<typeof oidcAuthenticator.initialize> & {
  afterLogout: string;
};

/**
 * Where Keycloak sends the browser after it ended its session: the provider's
 * `postLogoutRedirectUri` when set, else the portal's address. Behind the Compose stack's edge it is
 * oauth2-proxy's sign-out (`<portal>/oauth2/sign_out?rd=%2F`), so that the login in front of ClearML and
 * Rath ends too before the browser lands on the portal's sign-in page.
 */
export function postLogoutRedirectUri(config: Config, appUrl: string) {
  const configured = config.getOptionalString('postLogoutRedirectUri');
  if (configured === undefined) {
    return appUrl;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(
      `postLogoutRedirectUri "${configured}" is not an absolute URL: write it as ${appUrl}/oauth2/sign_out?rd=%2F or leave it out`,
    );
  }
  if (url.origin !== new URL(appUrl).origin) {
    throw new Error(
      `postLogoutRedirectUri "${configured}" must be on the portal's own origin (${
        new URL(appUrl).origin
      }): Keycloak would send signed-out users elsewhere`,
    );
  }
  return configured;
}

/**
 * Backstage's OpenID Connect authenticator, whose sign-out also ends the Keycloak session.
 *
 * Backstage's own `logout` revokes the refresh token at the realm's revocation endpoint. This adds
 * RP-initiated logout: the answer to the portal's sign-out names the realm's `end_session_endpoint`
 * with `client_id` and `post_logout_redirect_uri` (see `postLogoutRedirectUri`, registered on the
 * client), and the Backstage frontend sends the browser there, so Keycloak ends its SSO session and
 * sends the browser back. Backstage keeps no ID token on the server, so there is no
 * `id_token_hint`: Keycloak then asks "Do you want to log out?" once.
 *
 * @param appUrl - The portal's address (`app.baseUrl`).
 */
export function keycloakAuthenticator(
  appUrl: string,
): OAuthAuthenticator<KeycloakContext, OidcAuthResult> {
  return createOAuthAuthenticator<KeycloakContext, OidcAuthResult>({
    ...oidcAuthenticator,
    initialize(options) {
      return {
        ...oidcAuthenticator.initialize(options),
        afterLogout: postLogoutRedirectUri(options.config, appUrl),
      };
    },
    async logout(input, ctx) {
      await oidcAuthenticator.logout?.(input, ctx);
      const { client } = await ctx.promise;
      if (!client.issuer.metadata.end_session_endpoint) {
        return undefined;
      }
      return {
        logoutUrl: client.endSessionUrl({
          post_logout_redirect_uri: ctx.afterLogout,
        }),
      };
    },
  });
}
