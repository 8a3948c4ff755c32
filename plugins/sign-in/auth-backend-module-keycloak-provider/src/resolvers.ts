import {
  createSignInResolverFactory,
  SignInInfo,
  AuthResolverContext,
  OAuthAuthenticatorResult,
} from '@backstage/plugin-auth-node';
import { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { NotAllowedError } from '@backstage/errors';

/** The annotation the Keycloak org module puts on the users it imports: the Keycloak user id. */
export const KEYCLOAK_ID_ANNOTATION = 'keycloak.org/id';

/**
 * The catalog name of a Keycloak username, as the Keycloak org module names the users it imports
 * (characters an entity name cannot hold become `-`).
 */
export function userEntityName(username: string): string {
  return username.replace(/[^a-zA-Z0-9\-_.]/g, '-');
}

/**
 * Signs in the catalog User whose name is the Keycloak username (`preferred_username`).
 *
 * The e-mail address is never used: a Keycloak user can change it, and an unverified one could
 * name someone else. When the catalog user came from Keycloak (it carries `keycloak.org/id`), the
 * token's subject must be that id too, so two usernames that sanitize to the same entity name
 * can't borrow each other's identity. A username with no catalog user is refused.
 */
export async function signInByPreferredUsername(
  info: SignInInfo<OAuthAuthenticatorResult<OidcAuthResult>>,
  ctx: AuthResolverContext,
) {
  const { userinfo } = info.result.fullProfile;
  const username = userinfo.preferred_username;
  if (typeof username !== 'string' || username.length === 0) {
    throw new NotAllowedError(
      'Keycloak did not send preferred_username: add the "profile" scope to the portal client',
    );
  }
  const name = userEntityName(username);
  const { entity } = await ctx.findCatalogUser({ entityRef: { name } });
  const keycloakId = entity.metadata.annotations?.[KEYCLOAK_ID_ANNOTATION];
  if (keycloakId !== undefined && keycloakId !== userinfo.sub) {
    throw new NotAllowedError(
      `The catalog user ${name} belongs to another Keycloak account`,
    );
  }
  return ctx.signInWithCatalogUser({ entityRef: { name } });
}

/** The sign-in resolvers this provider accepts in `auth.providers.oidc.<env>.signIn.resolvers`. */
export const keycloakSignInResolvers = {
  preferredUsernameMatchingUserEntityName: createSignInResolverFactory({
    create() {
      return signInByPreferredUsername;
    },
  }),
};
