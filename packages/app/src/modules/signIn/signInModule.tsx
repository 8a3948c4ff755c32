import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * The sign-in page offers the providers listed in `portal.signIn.providers`: the development sign-in
 * (`guest`) only in the development configuration.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => {
      const config = useApi(configApiRef);
      const providers =
        config.getOptionalStringArray('portal.signIn.providers') ?? [];
      if (providers.includes('guest')) {
        return <SignInPage {...props} providers={['guest']} />;
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
  extensions: [signInPage],
});
