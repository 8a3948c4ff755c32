import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { DefaultTemplateUpgradesService } from './services/TemplateUpgradesService';

/**
 * Template upgrades: the projects whose template has moved on, read from the catalog with the user's
 * credentials, so that it only shows what the user may read.
 *
 * @public
 */
export const templateUpgradesPlugin = createBackendPlugin({
  pluginId: 'template-upgrades',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ logger, httpAuth, httpRouter, catalog }) {
        const upgrades = DefaultTemplateUpgradesService.create({
          catalog,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, upgrades }));
      },
    });
  },
});
