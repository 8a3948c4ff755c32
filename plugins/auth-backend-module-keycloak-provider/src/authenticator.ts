import { createOAuthAuthenticator } from '@backstage/plugin-auth-node';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';

/**
 * Backstage's OpenID Connect authenticator, whose sign-out also ends the Keycloak session.
 *
 * Backstage's own `logout` revokes the refresh token at the realm's revocation endpoint. This adds
 * RP-initiated logout: the answer to the portal's sign-out names the realm's `end_session_endpoint`
 * with `client_id` and `post_logout_redirect_uri` (the portal's address, registered on the client), and
 * the Backstage frontend sends the browser there, so Keycloak ends its SSO session and sends the
 * browser back to the portal. Backstage keeps no ID token on the server, so there is no
 * `id_token_hint`: Keycloak then asks "Do you want to log out?" once.
 *
 * @param appUrl - The portal's address (`app.baseUrl`), where Keycloak sends the browser afterwards.
 */
export function keycloakAuthenticator(appUrl: string) {
  return createOAuthAuthenticator({
    ...oidcAuthenticator,
    async logout(input, ctx) {
      await oidcAuthenticator.logout?.(input, ctx);
      const { client } = await ctx.promise;
      if (!client.issuer.metadata.end_session_endpoint) {
        return undefined;
      }
      return {
        logoutUrl: client.endSessionUrl({ post_logout_redirect_uri: appUrl }),
      };
    },
  });
}
