import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { DefaultProjectStatusService } from './services/ProjectStatusService';

/**
 * `GET /api/project-status/status?entityRef=`: the latest pipeline and the first baseline of a project
 * the user can see in the catalog, read from GitLab with the portal's integration token.
 *
 * @public
 */
export const projectStatusPlugin = createBackendPlugin({
  pluginId: 'project-status',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        permissions,
        httpRouter,
        catalog,
      }) {
        const service = DefaultProjectStatusService.fromConfig(config, {
          logger,
        });
        httpRouter.use(
          await createRouter({ httpAuth, permissions, catalog, service }),
        );
      },
    });
  },
});
