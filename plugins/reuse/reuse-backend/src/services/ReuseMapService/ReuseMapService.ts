import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { queryAllEntitiesAsUser } from '@mlops-portal/backend-utils';
import {
  LEVELS,
  LEVEL_LABEL,
  Level,
  levelOf,
  tasksOf,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  ReuseComponentRow,
  ReuseEntitySummary,
  ReuseMap,
  ReuseMapQuery,
  isDeprecatedLifecycle,
} from '@mlops-portal/plugin-reuse-common';

/**
 * The reuse map, with only the entities the caller may read.
 */
export interface ReuseMapService {
  getMap(
    query: ReuseMapQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<ReuseMap>;
  /** The projects that use one component, read now (not cached). */
  getUsers(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<{
    entityRef: string;
    usage: number;
    projects: ReuseEntitySummary[];
  }>;
}

/** The levels whose entities are reused: everything but a project (a page). */
const COMPONENT_LEVELS = LEVELS.filter(l => l !== 'page');
const PAGE_SIZE = 2000;
const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.labels',
  'metadata.annotations',
  'spec.owner',
  'spec.lifecycle',
];
const PROJECT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.owner',
  'relations',
];

interface Snapshot {
  generatedAt: string;
  /** By title: each answer then only orders its rows by usage (a stable sort keeps the titles' order). */
  components: Omit<ReuseComponentRow, 'usage' | 'projects'>[];
  facets: ReuseMap['facets'];
  projects: Map<string, ReuseEntitySummary>;
  /** component ref -> project refs */
  users: Map<string, string[]>;
}

function summary(entity: Entity): ReuseEntitySummary {
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    owner:
      typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
  };
}

const byTitle = (a: ReuseEntitySummary, b: ReuseEntitySummary) =>
  a.title.localeCompare(b.title);

/**
 * Keeps one map of the whole catalog, read with the plugin's own credentials through paged,
 * field-selected queries (never whole entities), and answers filters and pages from it.
 *
 * - Who sees it: each request asks the permission framework whether the caller may read catalog
 *   entities (`catalog.entity.read`). Allowed (the portal's policy allows every signed-in user):
 *   the shared map. Denied: an empty map. Conditional (a policy that lets a user read only some
 *   entities): a map read from the catalog with the caller's own credentials, so the catalog applies
 *   the conditions, kept per user for `cacheSeconds`.
 * - How fresh: once the shared map is older than `cacheSeconds`, the next request starts a new read
 *   in the background and is answered from the last map; requests meanwhile share that one read. The
 *   plugin starts the first read when the backend starts, so no page waits for a whole read of the
 *   catalog but the very first one if nobody came before it finished.
 */
export class DefaultReuseMapService implements ReuseMapService {
  private shared?: { readAt: number; snapshot: Snapshot };
  private sharedRead?: Promise<Snapshot>;
  private readonly userSnapshots = new Map<
    string,
    { expires: number; snapshot: Promise<Snapshot> }
  >();

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly permissions: PermissionsService,
    private readonly logger: LoggerService,
    private readonly cacheMs: number,
  ) {}

  static fromConfig(
    config: { getOptionalNumber(key: string): number | undefined },
    deps: {
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      logger: LoggerService;
    },
  ) {
    const seconds = config.getOptionalNumber('reuse.cacheSeconds') ?? 30;
    if (!(seconds >= 0)) {
      throw new Error(
        `reuse.cacheSeconds must be a number of seconds, 0 or more; it is ${seconds}`,
      );
    }
    return new DefaultReuseMapService(
      deps.catalog,
      deps.auth,
      deps.permissions,
      deps.logger,
      seconds * 1000,
    );
  }

  /**
   * Reads the shared map from the catalog now, unless a read is already under way (then its result).
   * The plugin calls it at startup.
   */
  refresh(): Promise<void> {
    return this.readShared().then(() => undefined);
  }

  private readShared(): Promise<Snapshot> {
    if (!this.sharedRead) {
      const read = this.auth
        .getOwnServiceCredentials()
        .then(credentials => this.readSnapshot(credentials, 'everybody'))
        .then(snapshot => {
          this.shared = { readAt: Date.now(), snapshot };
          return snapshot;
        });
      this.sharedRead = read;
      const done = () => {
        this.sharedRead = undefined;
      };
      read.then(done, done);
    }
    return this.sharedRead;
  }

  private async sharedSnapshot(): Promise<Snapshot> {
    const current = this.shared;
    if (!current) {
      return this.readShared();
    }
    if (Date.now() - current.readAt >= this.cacheMs && !this.sharedRead) {
      this.readShared().catch(error =>
        this.logger.warn(
          'Could not read the reuse map again; answering from the previous one',
          error,
        ),
      );
    }
    return current.snapshot;
  }

  private async readSnapshot(
    credentials: BackstageCredentials,
    readFor: 'everybody' | 'one user',
  ): Promise<Snapshot> {
    const start = Date.now();
    const [componentEntities, projectEntities] = await Promise.all([
      queryAllEntitiesAsUser(
        this.catalog,
        {
          filter: { [`metadata.labels.${LEVEL_LABEL}`]: [...COMPONENT_LEVELS] },
          fields: COMPONENT_FIELDS,
          pageSize: PAGE_SIZE,
        },
        credentials,
      ),
      queryAllEntitiesAsUser(
        this.catalog,
        {
          filter: { [`metadata.labels.${LEVEL_LABEL}`]: 'page' },
          fields: PROJECT_FIELDS,
          pageSize: PAGE_SIZE,
        },
        credentials,
      ),
    ]);
    const components = componentEntities.flatMap(entity => {
      const level = levelOf(entity);
      if (!level || level === 'page') return [];
      const lifecycle =
        typeof entity.spec?.lifecycle === 'string'
          ? entity.spec.lifecycle
          : undefined;
      return [
        {
          ...summary(entity),
          level,
          tasks: tasksOf(entity),
          lifecycle,
          deprecated: isDeprecatedLifecycle(lifecycle),
        },
      ];
    });
    const projects = new Map<string, ReuseEntitySummary>();
    const users = new Map<string, string[]>();
    for (const entity of projectEntities) {
      const project = summary(entity);
      projects.set(project.ref, project);
      const targets = new Set(
        (entity.relations ?? [])
          .filter(r => r.type === 'dependsOn')
          .map(r => r.targetRef),
      );
      for (const target of targets) {
        const list = users.get(target);
        if (list) list.push(project.ref);
        else users.set(target, [project.ref]);
      }
    }
    components.sort(byTitle);
    const facets = {
      owners: [
        ...new Set(components.flatMap(c => (c.owner ? [c.owner] : []))),
      ].sort(),
      tasks: [...new Set(components.flatMap(c => c.tasks))].sort(),
    };
    this.logger.info('Read the reuse map from the catalog', {
      for: readFor,
      components: components.length,
      projects: projects.size,
      ms: Date.now() - start,
    });
    return {
      generatedAt: new Date().toISOString(),
      components,
      facets,
      projects,
      users,
    };
  }

  /** The map as one user may see it, when the policy lets them read only some entities. */
  private userSnapshot(credentials: BackstageCredentials): Promise<Snapshot> {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    const key = `${principal.type}:${
      principal.userEntityRef ?? principal.subject ?? ''
    }`;
    const now = Date.now();
    const cached = this.userSnapshots.get(key);
    if (cached && cached.expires > now) {
      return cached.snapshot;
    }
    for (const [k, v] of this.userSnapshots) {
      if (v.expires <= now) this.userSnapshots.delete(k);
    }
    const snapshot = this.readSnapshot(credentials, 'one user');
    // Callers meanwhile share the read in flight; the snapshot's lifetime starts when the read ends, so
    // a read slower than cacheSeconds (a large catalog on a busy machine) is still reused afterwards.
    const entry = { expires: Infinity, snapshot };
    this.userSnapshots.set(key, entry);
    snapshot.then(
      () => {
        entry.expires = Date.now() + this.cacheMs;
      },
      // A failed read is not kept.
      () => this.userSnapshots.delete(key),
    );
    return snapshot;
  }

  private async snapshotFor(
    credentials: BackstageCredentials,
  ): Promise<Snapshot> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return this.sharedSnapshot();
    }
    if (decision.result === AuthorizeResult.DENY) {
      return {
        generatedAt: new Date().toISOString(),
        components: [],
        facets: { owners: [], tasks: [] },
        projects: new Map(),
        users: new Map(),
      };
    }
    // Conditional: the catalog applies the conditions to a read with the user's credentials.
    return this.userSnapshot(credentials);
  }

  async getMap(
    query: ReuseMapQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<ReuseMap> {
    const snapshot = await this.snapshotFor(options.credentials);
    const { task, owner, view = 'all', offset = 0, limit = 50 } = query;
    const { facets } = snapshot;
    const selected = snapshot.components.filter(
      c => (!task || c.tasks.includes(task)) && (!owner || c.owner === owner),
    );
    const levelCounts = new Map<
      Level,
      { components: number; used: number; usages: number }
    >(COMPONENT_LEVELS.map(l => [l, { components: 0, used: 0, usages: 0 }]));
    const usedProjects = new Set<string>();
    const deprecatedByProject = new Map<string, ReuseEntitySummary[]>();
    let usedComponents = 0;
    let usages = 0;
    const rows: ReuseComponentRow[] = [];
    for (const component of selected) {
      const projectRefs = (snapshot.users.get(component.ref) ?? []).filter(r =>
        snapshot.projects.has(r),
      );
      const counts = levelCounts.get(component.level)!;
      counts.components += 1;
      if (projectRefs.length) {
        counts.used += 1;
        usedComponents += 1;
      }
      counts.usages += projectRefs.length;
      usages += projectRefs.length;
      projectRefs.forEach(r => usedProjects.add(r));
      if (component.deprecated) {
        for (const ref of projectRefs) {
          const list = deprecatedByProject.get(ref) ?? [];
          list.push({
            ref: component.ref,
            title: component.title,
            owner: component.owner,
          });
          deprecatedByProject.set(ref, list);
        }
      }
      const include =
        view === 'all' ||
        (view === 'used' && projectRefs.length > 0) ||
        (view === 'unused' && projectRefs.length === 0) ||
        (view === 'deprecated' && component.deprecated);
      if (include) {
        rows.push({
          ...component,
          usage: projectRefs.length,
          projects: projectRefs.map(r => snapshot.projects.get(r)!),
        });
      }
    }
    // most used first; equal usage keeps the snapshot's order by title
    rows.sort((a, b) => b.usage - a.usage);
    const items = rows.slice(offset, offset + limit).map(row => ({
      ...row,
      projects: [...row.projects].sort(byTitle),
    }));
    return {
      generatedAt: snapshot.generatedAt,
      totals: {
        components: selected.length,
        projects: task || owner ? usedProjects.size : snapshot.projects.size,
        usedComponents,
        unusedComponents: selected.length - usedComponents,
        usages,
      },
      levels: [...levelCounts].map(([level, c]) => ({ level, ...c })),
      deprecatedUsages: [...deprecatedByProject]
        .map(([ref, components]) => ({
          project: snapshot.projects.get(ref)!,
          components: components.sort(byTitle),
        }))
        .sort((a, b) => byTitle(a.project, b.project)),
      rows: { total: rows.length, offset, items },
      facets,
    };
  }

  async getUsers(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ) {
    const projects = (
      await queryAllEntitiesAsUser(
        this.catalog,
        {
          filter: {
            [`metadata.labels.${LEVEL_LABEL}`]: 'page',
            'relations.dependsOn': entityRef,
          },
          fields: PROJECT_FIELDS,
          pageSize: PAGE_SIZE,
        },
        options.credentials,
      )
    )
      .map(summary)
      .sort(byTitle);
    return { entityRef, usage: projects.length, projects };
  }
}
