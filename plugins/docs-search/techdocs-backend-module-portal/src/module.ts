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
import { staticDocsPathGuard } from './staticPathGuard';

/**
 * TechDocs for the MLOps Portal: `dir:` docs sites are built from a copy, never in place, no site is
 * built whose mkdocs.yml asks for more than rendering Markdown (MkdocsConfigPolicy), a build that
 * hangs is stopped (PolicyCheckingGenerator), and no docs file address climbs out of its site
 * (staticDocsPathGuard).
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
        httpRouter: coreServices.httpRouter,
      },
      async init({
        preparers,
        generators,
        config,
        logger,
        reader,
        httpRouter,
      }) {
        // Before TechDocs' own routes: docs file addresses that climb out of their site end here.
        httpRouter.use(staticDocsPathGuard());
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
