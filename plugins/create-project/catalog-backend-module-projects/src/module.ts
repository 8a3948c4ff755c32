import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { ProjectFileProcessor } from './processor/ProjectFileProcessor';
import { CatalogRegisteredProjects } from './processor/RegisteredProjects';

/** Lets the catalog-info.yaml of a project registered at run time describe only the project itself. */
export const catalogModuleProjects = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'projects',
  register({ registerInit }) {
    registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        config: coreServices.rootConfig,
      },
      async init({ processing, catalog, auth, urlReader, config }) {
        processing.addProcessor(
          ProjectFileProcessor.fromConfig(config, {
            reader: urlReader,
            projects: CatalogRegisteredProjects.create({ catalog, auth }),
          }),
        );
      },
    });
  },
});
