import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogPluginDeps } from '@mlops-portal/backend-utils';
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
      deps: catalogPluginDeps,
      async init({ config, logger, httpRouter, ...route }) {
        const service = DefaultProjectStatusService.fromConfig(config, {
          logger,
        });
        httpRouter.use(await createRouter({ ...route, service }));
      },
    });
  },
});
