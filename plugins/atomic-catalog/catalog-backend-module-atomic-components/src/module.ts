import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { AtomicComponentsProcessor } from './processor/AtomicComponentsProcessor';
import { CatalogTargetLevelResolver } from './processor/TargetLevelResolver';

/** Checks the atomic catalog's composition rules on every entity that carries a level. */
export const catalogModuleAtomicComponents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atomic-components-processor',
  register({ registerInit }) {
    registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ processing, catalog, auth, logger }) {
        processing.addProcessor(
          AtomicComponentsProcessor.create({
            targets: CatalogTargetLevelResolver.create({ catalog, auth }),
            logger,
          }),
        );
      },
    });
  },
});
