import {
  coreServices,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';

/**
 * The services of a portal backend plugin that answers, over its own routes, for catalog entities as
 * the requesting user sees them: its config, logger and router, the user's credentials, the permission
 * policy and the catalog. A plugin spreads them into `registerInit`'s `deps` and adds its own.
 */
export const catalogPluginDeps = {
  config: coreServices.rootConfig,
  logger: coreServices.logger,
  httpRouter: coreServices.httpRouter,
  httpAuth: coreServices.httpAuth,
  permissions: coreServices.permissions,
  catalog: catalogServiceRef,
};

/** What such a plugin's `createRouter` takes besides its own service. */
export interface CatalogRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
}
