import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  DefaultSiblingFileReader,
  ProjectFilesProcessor,
} from './processor/ProjectFilesProcessor';

/** Keeps each project's dependsOn in step with the components its own files name. */
export const catalogModuleReuse = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'reuse-project-files',
  register({ registerInit }) {
    registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        logger: coreServices.logger,
      },
      async init({ processing, config, reader, logger }) {
        const integrations = ScmIntegrations.fromConfig(config);
        processing.addProcessor(
          ProjectFilesProcessor.create({
            files: DefaultSiblingFileReader.create({
              reader,
              resolveUrl: (url, base) => integrations.resolveUrl({ url, base }),
            }),
            logger,
          }),
        );
      },
    });
  },
});
