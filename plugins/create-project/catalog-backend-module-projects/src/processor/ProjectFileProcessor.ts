import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { isError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  CatalogProcessorResult,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { PROJECT_FILE_RULE, projectFileProblems } from './projectFile';
import { RegisteredProjects } from './RegisteredProjects';

const CACHE_KEY = 'v1';

/** The last file passed on, for a read that GitLab answers "not modified". */
type CacheItem = { etag: string; entity: string };

/** A URL compared as the catalog compares targets: parsed, so that spelling variants agree. */
function canonical(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}

/**
 * The parser's message in one line a researcher can act on: a YAML error without the parser's
 * location prefix and code frame (`… at line 17, column 1`).
 */
function parseProblem(message: string): string {
  const [first] = message.split('\n');
  const yamlError = first.match(/^YAML error at \S+, (?:\w+Error: )?(.*?):?$/);
  return yamlError
    ? `it is not valid YAML (${yamlError[1]})`
    : `it is not an entity file (${first})`;
}

function messageOf(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/**
 * Reads the catalog-info.yaml of every project registered at run time, and lets it describe only the
 * project itself (see `projectFileProblems`). A registered location is one that is not in the
 * configuration's `catalog.locations` (those are the portal's own, with their own rules): "Create
 * project" registers every new project's file this way, with the portal's GitLab token, and the
 * researcher controls that file afterwards.
 *
 * It reads such a location before Backstage's own URL reader does (a lower priority number) and
 * emits either the one project Component or nothing but an error naming what is wrong, so that a
 * `Location` or any other entity in the file is never read, stored or followed, and a file with a YAML
 * error is refused as a whole rather than half-read. While a file is refused the catalog keeps the
 * project as it was, and the project's page shows the error.
 */
export class ProjectFileProcessor implements CatalogProcessor {
  private constructor(
    private readonly reader: UrlReaderService,
    private readonly projects: RegisteredProjects,
    private readonly portalTargets: Set<string>,
  ) {}

  static fromConfig(
    config: Config,
    deps: { reader: UrlReaderService; projects: RegisteredProjects },
  ) {
    const portalTargets = new Set(
      (config.getOptionalConfigArray('catalog.locations') ?? [])
        .filter(location => location.getString('type') === 'url')
        .map(location => canonical(location.getString('target'))),
    );
    return new ProjectFileProcessor(deps.reader, deps.projects, portalTargets);
  }

  getProcessorName() {
    return 'mlops-project-file';
  }

  /** Before Backstage's URL reader (20), which would otherwise read the file first. */
  getPriority() {
    return 10;
  }

  async readLocation(
    location: LocationSpec,
    _optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
    cache: CatalogProcessorCache,
  ): Promise<boolean> {
    if (
      location.type !== 'url' ||
      this.portalTargets.has(canonical(location.target))
    ) {
      return false;
    }
    const refresh = processingResult.refresh(`url:${location.target}`);
    const cached = await cache.get<CacheItem>(CACHE_KEY);
    let data: Buffer;
    let etag: string | undefined;
    try {
      const response = await this.reader.readUrl(location.target, {
        etag: cached?.etag,
      });
      data = await response.buffer();
      etag = response.etag;
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError' && cached) {
        emit(processingResult.entity(location, JSON.parse(cached.entity)));
        emit(refresh);
        await cache.set(CACHE_KEY, cached);
      } else if (isError(error) && error.name === 'NotFoundError') {
        emit(
          processingResult.notFoundError(
            location,
            `The catalog cannot find ${location.target} any more (${messageOf(
              error,
            )})`,
          ),
        );
      } else {
        emit(
          processingResult.generalError(
            location,
            `The catalog could not read ${location.target}: ${messageOf(
              error,
            )}`,
          ),
        );
      }
      return true;
    }

    const results: CatalogProcessorResult[] = [];
    for await (const result of parser({ data, location })) {
      results.push(result);
    }
    const refuse = (reasons: string[]) =>
      emit(
        processingResult.inputError(
          location,
          `The catalog refused ${location.target}: ${reasons.join(
            '; ',
          )}. ${PROJECT_FILE_RULE}; anything else is registered by an administrator. Until the file is fixed, the catalog keeps the project as it was.`,
        ),
      );

    const errors = results.flatMap(r => (r.type === 'error' ? [r] : []));
    if (errors.length > 0) {
      refuse(errors.map(e => parseProblem(messageOf(e.error))));
      return true;
    }
    const entities = results.flatMap(r => (r.type === 'entity' ? [r] : []));
    let registeredName: string | undefined;
    try {
      registeredName = await this.projects.registeredName(location.target);
    } catch (error) {
      emit(
        processingResult.generalError(
          location,
          `The catalog could not look up the project registered from ${
            location.target
          }, so it reads the file again later: ${messageOf(error)}`,
        ),
      );
      return true;
    }
    const problems = projectFileProblems(
      entities.map(r => r.entity as Entity),
      registeredName,
    );
    if (problems.length > 0) {
      refuse(problems);
      return true;
    }
    const [result] = entities;
    emit(result);
    emit(refresh);
    if (etag) {
      await cache.set<CacheItem>(CACHE_KEY, {
        etag,
        entity: JSON.stringify(result.entity),
      });
    }
    return true;
  }
}
