import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { DefaultLeaderboardService } from './services/LeaderboardService';

/**
 * The cross-project leaderboard: each task's best runs across the projects' ClearML experiments, read
 * through the portal's ClearML client for the projects the user can see in the catalog.
 *
 * @public
 */
export const leaderboardPlugin = createBackendPlugin({
  pluginId: 'leaderboard',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        catalog,
      }) {
        const leaderboard = DefaultLeaderboardService.fromConfig(config, {
          catalog,
          logger,
        });
        httpRouter.use(
          await createRouter({ httpAuth, permissions, catalog, leaderboard }),
        );
      },
    });
  },
});
