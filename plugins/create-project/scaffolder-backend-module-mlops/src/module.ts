import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { DefaultClearmlClient } from '@mlops-portal/plugin-clearml-node';
import { createCatalogInfoWriteAction } from './actions/catalogInfoWrite';
import { createClearmlProjectCreateAction } from './actions/clearmlProjectCreate';
import { composeComponentsAction } from './actions/composeComponents';
import { createGitlabRepoCheckAction } from './actions/gitlabRepoCheck';
import { createProjectRegisterAction } from './actions/projectRegister';

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
          createCatalogInfoWriteAction(),
          createGitlabRepoCheckAction({ integrations }),
          createProjectRegisterAction({
            catalog,
            auth,
            urlReader,
            integrations,
          }),
          createClearmlProjectCreateAction({
            getClient: () =>
              (client ??= DefaultClearmlClient.fromConfig(config)),
          }),
        );
      },
    });
  },
});
