import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogPluginDeps } from '@mlops-portal/backend-utils';
import { clearmlPermissions } from '@mlops-portal/plugin-clearml-common';
import { createRouter } from './router';
import { DefaultClearmlService } from './services/ClearmlService';

/**
 * ClearML's experiments, metrics, models and dataset versions of a catalog entity's project,
 * read-only, with the portal's ClearML service credentials.
 *
 * @public
 */
export const clearmlPlugin = createBackendPlugin({
  pluginId: 'clearml',
  register(env) {
    env.registerInit({
      deps: {
        ...catalogPluginDeps,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        httpRouter,
        permissionsRegistry,
        ...route
      }) {
        permissionsRegistry.addPermissions(clearmlPermissions);
        const clearml = DefaultClearmlService.fromConfig(config, { logger });
        httpRouter.use(await createRouter({ ...route, clearml }));
      },
    });
  },
});
