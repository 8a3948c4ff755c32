import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogPluginDeps } from '@mlops-portal/backend-utils';
import { createRouter } from './router';
import { DefaultReuseMapService } from './services/ReuseMapService';

/**
 * The reuse map: which projects use which components. One map of the whole catalog is kept fresh in
 * the background and shown to each user only as far as the permission policy lets them read the
 * catalog (see `DefaultReuseMapService`).
 *
 * @public
 */
export const reusePlugin = createBackendPlugin({
  pluginId: 'reuse',
  register(env) {
    env.registerInit({
      deps: {
        ...catalogPluginDeps,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        auth,
        permissions,
        lifecycle,
        catalog,
      }) {
        const reuse = DefaultReuseMapService.fromConfig(config, {
          catalog,
          auth,
          permissions,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, reuse }));
        // The first map is read once the backend is up, not by the first visitor of the page.
        lifecycle.addStartupHook(() => {
          reuse
            .refresh()
            .catch(error =>
              logger.warn('Could not read the reuse map at startup', error),
            );
        });
      },
    });
  },
});
