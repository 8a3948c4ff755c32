import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  PIPELINE_FILE,
  ProjectFileResult,
  REQUIREMENTS_FILE,
  componentsOfPipeline,
  componentsOfRequirements,
  isProjectEntity,
  normalizeComponentRef,
} from '@mlops-portal/plugin-reuse-common';
import { dependsOnOf } from '@mlops-portal/plugin-atomic-catalog-common';

/** Reads a file next to an entity's catalog-info.yaml; `undefined` when there is no such file. */
export interface SiblingFileReader {
  read(location: LocationSpec, name: string): Promise<string | undefined>;
}

/**
 * Reads siblings through the UrlReaderService for `url` locations (GitLab in production, resolved as
 * Backstage's own processors resolve relative targets) and from the disk for `file` locations
 * (development and the end-to-end run), which the UrlReaderService does not read.
 */
export class DefaultSiblingFileReader implements SiblingFileReader {
  private constructor(
    private readonly reader: UrlReaderService,
    private readonly resolveUrl: (url: string, base: string) => string,
  ) {}

  static create(options: {
    reader: UrlReaderService;
    resolveUrl: (url: string, base: string) => string;
  }) {
    return new DefaultSiblingFileReader(options.reader, options.resolveUrl);
  }

  async read(location: LocationSpec, name: string) {
    if (location.type === 'file') {
      const file = path.join(path.dirname(location.target), name);
      try {
        return await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return undefined;
        }
        throw error;
      }
    }
    if (location.type === 'url') {
      const url = this.resolveUrl(name, location.target);
      try {
        const response = await this.reader.readUrl(url);
        return (await response.buffer()).toString('utf8');
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') {
          return undefined;
        }
        throw error;
      }
    }
    return undefined;
  }
}

/**
 * For a project made from our templates, sets `spec.dependsOn` to the components its own files name
 * (`pipeline.json`'s components and `requirements-components.txt`'s `# component:` lines) on every
 * processing pass, so that the dependsOn relations follow the project's code rather than what the
 * template wrote at creation. Backstage's built-in processor turns `spec.dependsOn` into the
 * dependsOn/dependencyOf relations afterwards; the atomic catalog module checks them.
 *
 * When neither file exists, the entity keeps what it declares. A file that cannot be read or parsed
 * is a processing error on the entity with the file and the reason.
 */
export class ProjectFilesProcessor implements CatalogProcessor {
  private constructor(
    private readonly files: SiblingFileReader,
    private readonly logger: LoggerService,
  ) {}

  static create(options: { files: SiblingFileReader; logger: LoggerService }) {
    return new ProjectFilesProcessor(options.files, options.logger);
  }

  getProcessorName() {
    return 'ReuseProjectFilesProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind !== 'Component' || !isProjectEntity(entity)) {
      return entity;
    }
    const namespace = entity.metadata.namespace ?? 'default';
    const found: string[][] = [];
    for (const [name, parse] of [
      [PIPELINE_FILE, componentsOfPipeline],
      [REQUIREMENTS_FILE, componentsOfRequirements],
    ] as const) {
      let text: string | undefined;
      try {
        text = await this.files.read(location, name);
      } catch (error) {
        emit(
          processingResult.generalError(
            location,
            `${stringifyEntityRef(entity)}: could not read ${name} next to ${
              location.target
            }: ${(error as Error).message}`,
          ),
        );
        return entity;
      }
      if (text === undefined) continue;
      const result: ProjectFileResult = parse(text, namespace);
      if (!result.ok) {
        emit(
          processingResult.generalError(
            location,
            `${stringifyEntityRef(entity)}: ${result.problem}`,
          ),
        );
        return entity;
      }
      found.push(result.refs);
    }
    if (!found.length) {
      return entity;
    }
    const declared = dependsOnOf(entity);
    // What the entity declares beyond components (a resource, a template) stays.
    const kept = declared.filter(ref => {
      try {
        return !normalizeComponentRef(ref, namespace).startsWith('component:');
      } catch {
        return true;
      }
    });
    const dependsOn = [...new Set([...kept, ...found.flat()])];
    this.logger.debug('Project dependsOn from its files', {
      entity: stringifyEntityRef(entity),
      components: dependsOn.length,
    });
    return { ...entity, spec: { ...entity.spec, dependsOn } };
  }
}
