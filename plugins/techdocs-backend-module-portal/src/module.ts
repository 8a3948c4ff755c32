import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techdocsPreparerExtensionPoint } from '@backstage/plugin-techdocs-node';
import { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';

/** TechDocs for the MLOps Portal: `dir:` docs sites are built from a copy, never in place. */
export const techdocsModulePortal = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'portal',
  register(reg) {
    reg.registerInit({
      deps: {
        preparers: techdocsPreparerExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({ preparers, config, logger, reader }) {
        preparers.registerPreparer(
          'dir',
          CopyingDirectoryPreparer.fromConfig(config, { logger, reader }),
        );
      },
    });
  },
});
