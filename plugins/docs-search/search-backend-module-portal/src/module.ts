import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { DefaultDocsBuildService } from './docsBuild';
import { PortalLunrSearchEngine } from './engine';
import { portalCatalogEntityTransformer } from './transformer';

/** How old a site built here may get before the next pass rebuilds it. */
const REBUILD_AFTER_MS = 10 * 60_000;

/**
 * Search for the MLOps Portal: catalog results carry a component's name, atomic level and tasks (for the
 * search page's filters), every docs site is built before the TechDocs collator looks for it, and the
 * in-process engine (when the database is not PostgreSQL) is the PortalLunrSearchEngine.
 */
export const searchModulePortal = createBackendModule({
  pluginId: 'search',
  moduleId: 'portal',
  register(reg) {
    reg.registerInit({
      deps: {
        collator: catalogCollatorExtensionPoint,
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init({
        collator,
        searchEngineRegistry,
        config,
        logger,
        scheduler,
        auth,
        discovery,
        catalog,
      }) {
        collator.setEntityTransformer(portalCatalogEntityTransformer);
        // On PostgreSQL, search-backend-module-pg sets PostgreSQL's engine; elsewhere the in-process one.
        if (config.getOptionalString('backend.database.client') !== 'pg') {
          searchEngineRegistry.setSearchEngine(
            new PortalLunrSearchEngine({ logger }),
          );
        }

        const docs = DefaultDocsBuildService.fromConfig(config, {
          catalog,
          auth,
          discovery,
          logger,
        });
        if (!docs.enabled) return;
        await scheduler.scheduleTask({
          id: 'search-portal-docs-build',
          // Often, so that a site registered a moment ago is searchable soon; a site is rebuilt only when
          // its last build here is older than REBUILD_AFTER_MS (opening a page rebuilds it too).
          frequency: { seconds: 30 },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 3 },
          scope: 'local',
          fn: async () => {
            const summary = await docs.buildAll({
              maxAgeMs: REBUILD_AFTER_MS,
            });
            for (const failure of summary.failed) {
              logger.warn('A docs site could not be built for search', {
                entity: failure.entityRef,
                error: failure.message,
              });
            }
            if (summary.built.length > 0 || summary.failed.length > 0) {
              logger.info('Docs sites built for search', {
                built: summary.built.length,
                current: summary.current.length,
                failed: summary.failed.length,
              });
            }
          },
        });
      },
    });
  },
});
