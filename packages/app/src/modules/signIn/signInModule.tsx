import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { keycloakAuthApi, keycloakAuthApiRef } from './keycloakAuthApi';

const keycloakProvider: SignInProviderConfig = {
  id: 'keycloak',
  title: 'Keycloak',
  message: 'Sign in with your organisation account',
  apiRef: keycloakAuthApiRef,
};

/**
 * The sign-in page offers the providers listed in `portal.signIn.providers`: Keycloak wherever it is
 * configured, the development sign-in (`guest`) only in the development configuration.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => {
      const config = useApi(configApiRef);
      const listed =
        config.getOptionalStringArray('portal.signIn.providers') ?? [];
      const providers: Array<'guest' | SignInProviderConfig> = [];
      if (listed.includes('keycloak')) providers.push(keycloakProvider);
      if (listed.includes('guest')) providers.push('guest');
      if (providers.length > 0) {
        return <SignInPage {...props} providers={providers} />;
      }
      return (
        <SignInPage
          {...props}
          title="Sign-in is not configured"
          providers={[]}
        />
      );
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, keycloakAuthApi],
});
