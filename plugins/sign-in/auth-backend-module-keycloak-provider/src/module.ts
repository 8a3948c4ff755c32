import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { keycloakAuthenticator } from './authenticator';
import {
  keycloakSignInResolvers,
  signInByPreferredUsername,
} from './resolvers';

/**
 * Keycloak sign-in: Backstage's own OpenID Connect authenticator (authorization code with state,
 * nonce and PKCE S256; refresh-token revocation on sign-out) under the provider id `oidc`, plus
 * Keycloak's RP-initiated logout on sign-out (see `keycloakAuthenticator`), with a sign-in resolver
 * that keys on the Keycloak username. Only that resolver is accepted, so no configuration can switch sign-in to e-mail matching or to users missing from the catalog.
 */
export const authModuleKeycloakProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'keycloak-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: options =>
            createOAuthProviderFactory({
              authenticator: keycloakAuthenticator(options.appUrl),
              signInResolver: signInByPreferredUsername,
              signInResolverFactories: keycloakSignInResolvers,
            })(options),
        });
      },
    });
  },
});
