import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/** What one pass over the catalog's docs sites did. */
export interface DocsBuildSummary {
  /** Sites that were built or rebuilt. */
  built: string[];
  /** Sites that TechDocs found current, or that this service built recently. */
  current: string[];
  /** Sites whose build failed, with TechDocs' message. */
  failed: { entityRef: string; message: string }[];
}

/**
 * Builds every docs site in the catalog, so that the TechDocs search collator finds them: with the local
 * TechDocs builder a site is otherwise built only when someone first opens it, and a site nobody opened
 * would never be searchable.
 */
export interface DocsBuildService {
  /**
   * Builds, one after the other, the sites of the entities with a `backstage.io/techdocs-ref` that this
   * service has not built yet or built longer ago than `maxAgeMs`.
   */
  buildAll(options?: { maxAgeMs?: number }): Promise<DocsBuildSummary>;
  /** Whether builds are needed at all: only with `techdocs.builder: local`. */
  readonly enabled: boolean;
}

/** Builds through TechDocs' own sync endpoint, exactly as opening a page would. */
export class DefaultDocsBuildService implements DocsBuildService {
  static fromConfig(
    config: RootConfigService,
    deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
    },
  ): DefaultDocsBuildService {
    const enabled = config.getOptionalString('techdocs.builder') === 'local';
    return new DefaultDocsBuildService(enabled, deps);
  }

  private constructor(
    readonly enabled: boolean,
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
    },
  ) {}

  /** When each site was last built or found current here, by entity ref. */
  private readonly lastBuilt = new Map<string, number>();

  async buildAll(options?: { maxAgeMs?: number }): Promise<DocsBuildSummary> {
    const maxAgeMs = options?.maxAgeMs ?? 0;
    const summary: DocsBuildSummary = { built: [], current: [], failed: [] };
    if (!this.enabled) return summary;
    const { catalog, auth, discovery } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${TECHDOCS_REF_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const baseUrl = await discovery.getBaseUrl('techdocs');
    for (const entity of items) {
      const ref: CompoundEntityRef = {
        kind: entity.kind.toLocaleLowerCase('en-US'),
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      };
      const entityRef = stringifyEntityRef(ref);
      const builtAt = this.lastBuilt.get(entityRef);
      if (builtAt !== undefined && Date.now() - builtAt < maxAgeMs) {
        summary.current.push(entityRef);
        continue;
      }
      try {
        const updated = await this.sync(baseUrl, ref);
        this.lastBuilt.set(entityRef, Date.now());
        (updated ? summary.built : summary.current).push(entityRef);
      } catch (error) {
        // Retried after maxAgeMs like a built site, not on every pass.
        this.lastBuilt.set(entityRef, Date.now());
        summary.failed.push({ entityRef, message: String(error) });
      }
    }
    return summary;
  }

  /** Calls `/sync/:namespace/:kind/:name` and reads its event stream to the end. */
  private async sync(baseUrl: string, ref: CompoundEntityRef) {
    const { auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const path = [ref.namespace, ref.kind, ref.name]
      .map(encodeURIComponent)
      .join('/');
    const res = await fetch(`${baseUrl}/sync/${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const events = parseEventStream(await res.text());
    const error = events.find(e => e.event === 'error');
    if (error) {
      throw new Error(
        `TechDocs could not build the site: ${JSON.parse(error.data)}`,
      );
    }
    const finish = events.find(e => e.event === 'finish');
    if (!finish) {
      throw new Error('TechDocs ended the build without a result');
    }
    return Boolean((JSON.parse(finish.data) as { updated?: boolean }).updated);
  }
}

/** Splits a server-sent event stream into its events (`event:` and `data:` lines). */
export function parseEventStream(body: string) {
  return body
    .split(/\n\n+/)
    .map(block => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      return { event, data: data.join('\n') };
    })
    .filter(e => e.data !== '');
}
