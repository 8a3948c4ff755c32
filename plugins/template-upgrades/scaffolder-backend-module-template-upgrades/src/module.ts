import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createProjectAnswersWriteAction } from './actions/projectAnswersWrite';
import { createProjectUpdatePlanAction } from './actions/projectUpdatePlan';
import { createProjectUpdateReadAction } from './actions/projectUpdateRead';

/**
 * Template upgrades' scaffolder actions: recording a project's answers at creation, and reading and
 * planning its update for `publish:gitlab:merge-request`.
 */
export const scaffolderModuleTemplateUpgrades = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'template-upgrades',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, catalog, config }) {
        const integrations = ScmIntegrations.fromConfig(config);
        scaffolderActions.addActions(
          createProjectAnswersWriteAction(),
          createProjectUpdateReadAction({ catalog, integrations }),
          createProjectUpdatePlanAction({ integrations }),
        );
      },
    });
  },
});
