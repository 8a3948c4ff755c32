import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  techdocsGeneratorExtensionPoint,
  techdocsPreparerExtensionPoint,
} from '@backstage/plugin-techdocs-node';
import { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
import { PolicyCheckingGenerator } from './PolicyCheckingGenerator';

/**
 * TechDocs for the MLOps Portal: `dir:` docs sites are built from a copy, never in place, and no site is
 * built whose mkdocs.yml asks for more than rendering Markdown (MkdocsConfigPolicy).
 */
export const techdocsModulePortal = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'portal',
  register(reg) {
    reg.registerInit({
      deps: {
        preparers: techdocsPreparerExtensionPoint,
        generators: techdocsGeneratorExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({ preparers, generators, config, logger, reader }) {
        preparers.registerPreparer(
          'dir',
          CopyingDirectoryPreparer.fromConfig(config, { logger, reader }),
        );
        generators.setTechdocsGenerator(
          PolicyCheckingGenerator.fromConfig(config, { logger }),
        );
      },
    });
  },
});
