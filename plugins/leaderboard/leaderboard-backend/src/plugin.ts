import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogPluginDeps } from '@mlops-portal/backend-utils';
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
      deps: catalogPluginDeps,
      async init({ config, logger, httpRouter, ...route }) {
        const leaderboard = DefaultLeaderboardService.fromConfig(config, {
          catalog: route.catalog,
          logger,
        });
        httpRouter.use(await createRouter({ ...route, leaderboard }));
      },
    });
  },
});
