import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AtomicComponentsProcessor } from './processor/AtomicComponentsProcessor';
import { CatalogDatabaseTargetLevelResolver } from './processor/TargetLevelResolver';

/** Checks the atomic catalog's composition rules on every entity that carries a level. */
export const catalogModuleAtomicComponents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atomic-components-processor',
  register({ registerInit }) {
    registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        // The catalog plugin's own database, which its modules share: the targets' levels are read there
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ processing, database, logger }) {
        processing.addProcessor(
          AtomicComponentsProcessor.create({
            targets: CatalogDatabaseTargetLevelResolver.create({ database }),
            logger,
          }),
        );
      },
    });
  },
});
