import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
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
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(clearmlPermissions);
        const clearml = DefaultClearmlService.fromConfig(config, { logger });
        httpRouter.use(
          await createRouter({ httpAuth, permissions, catalog, clearml }),
        );
      },
    });
  },
});
