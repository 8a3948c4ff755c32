import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  scaffolderActionsExtensionPoint,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { DefaultClearmlClient } from '@mlops-portal/plugin-clearml-node';
import { createCatalogInfoWriteAction } from './actions/catalogInfoWrite';
import { createClearmlDatasetCreateAction } from './actions/clearmlDatasetCreate';
import { createClearmlProjectCreateAction } from './actions/clearmlProjectCreate';
import { composeComponentsAction } from './actions/composeComponents';
import { createGitlabRepoCheckAction } from './actions/gitlabRepoCheck';
import { createGitlabPipelineCreateAction } from './actions/gitlabPipelineCreate';
import { createGitlabRepoPushAction } from './actions/gitlabRepoPush';
import { createGitlabVariablesSetAction } from './actions/gitlabVariablesSet';
import { createProjectRegisterAction } from './actions/projectRegister';
import { DefaultTaskDrain } from './services/TaskDrain';

/**
 * Registers the "Create project" actions with the scaffolder, and keeps the backend serving, when it is
 * stopped, until the tasks running in it have finished.
 */
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
        rootLifecycle: coreServices.rootLifecycle,
        logger: coreServices.logger,
        scaffolder: scaffolderServiceRef,
      },
      async init({
        scaffolderActions,
        catalog,
        config,
        auth,
        urlReader,
        rootLifecycle,
        logger,
        scaffolder,
      }) {
        const drain = DefaultTaskDrain.fromConfig(config, {
          scaffolder,
          auth,
          logger,
        });
        rootLifecycle.addBeforeShutdownHook(() => drain.waitForRunningTasks());
        const integrations = ScmIntegrations.fromConfig(config);
        let client: DefaultClearmlClient | undefined;
        const getClient = () =>
          (client ??= DefaultClearmlClient.fromConfig(config));
        scaffolderActions.addActions(
          composeComponentsAction({ catalog }),
          createCatalogInfoWriteAction(),
          createGitlabRepoCheckAction({ integrations }),
          createGitlabRepoPushAction({ integrations, config }),
          createGitlabVariablesSetAction({ integrations }),
          createGitlabPipelineCreateAction({ integrations }),
          createProjectRegisterAction({
            catalog,
            auth,
            urlReader,
            integrations,
          }),
          createClearmlProjectCreateAction({ getClient }),
          createClearmlDatasetCreateAction({ getClient }),
        );
      },
    });
  },
});
