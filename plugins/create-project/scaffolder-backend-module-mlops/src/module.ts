import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { checkGitlabRepoAction } from './actions/checkGitlabRepo';
import { composeComponentsAction } from './actions/composeComponents';
import { createClearmlProjectAction } from './actions/createClearmlProject';
import { registerProjectAction } from './actions/registerProject';
import { DefaultClearmlClient } from '@mlops-portal/plugin-clearml-node';

/** Registers the "Create project" actions with the scaffolder. */
export const scaffolderModuleMlops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mlops',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
      },
      async init({ scaffolderActions, catalog, config, auth, urlReader }) {
        const integrations = ScmIntegrations.fromConfig(config);
        let client: DefaultClearmlClient | undefined;
        scaffolderActions.addActions(
          composeComponentsAction({ catalog }),
          checkGitlabRepoAction({ integrations }),
          registerProjectAction({ catalog, auth, urlReader, integrations }),
          createClearmlProjectAction({
            getClient: () =>
              (client ??= DefaultClearmlClient.fromConfig(config)),
          }),
        );
      },
    });
  },
});
