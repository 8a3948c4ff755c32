import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { DefaultReuseMapService } from './services/ReuseMapService';

/**
 * The reuse map: which projects use which components, read from the catalog with the user's
 * credentials, so that it only shows what the user may read.
 *
 * @public
 */
export const reusePlugin = createBackendPlugin({
  pluginId: 'reuse',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, catalog }) {
        const reuse = DefaultReuseMapService.fromConfig(config, {
          catalog,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, reuse }));
      },
    });
  },
});
