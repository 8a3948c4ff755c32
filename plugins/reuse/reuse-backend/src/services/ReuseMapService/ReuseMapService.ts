import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
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

/** The reuse map, read from the catalog with the caller's credentials. */
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
  components: Omit<ReuseComponentRow, 'usage' | 'projects'>[];
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
 * Reads every component and project once per caller with the catalog's paged queries and a field
 * selection (never whole entities), keeps that snapshot for `cacheSeconds`, and answers filters and
 * pages from it.
 */
export class DefaultReuseMapService implements ReuseMapService {
  private readonly snapshots = new Map<
    string,
    { expires: number; snapshot: Promise<Snapshot> }
  >();

  private constructor(
    private readonly catalog: CatalogService,
    private readonly logger: LoggerService,
    private readonly cacheMs: number,
  ) {}

  static fromConfig(
    config: { getOptionalNumber(key: string): number | undefined },
    deps: { catalog: CatalogService; logger: LoggerService },
  ) {
    const seconds = config.getOptionalNumber('reuse.cacheSeconds') ?? 30;
    if (!(seconds >= 0)) {
      throw new Error(
        `reuse.cacheSeconds must be a number of seconds, 0 or more; it is ${seconds}`,
      );
    }
    return new DefaultReuseMapService(
      deps.catalog,
      deps.logger,
      seconds * 1000,
    );
  }

  private async readSnapshot(
    credentials: BackstageCredentials,
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
    this.logger.info('Read the reuse map from the catalog', {
      components: components.length,
      projects: projects.size,
      ms: Date.now() - start,
    });
    return {
      generatedAt: new Date().toISOString(),
      components,
      projects,
      users,
    };
  }

  private snapshotFor(credentials: BackstageCredentials): Promise<Snapshot> {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    const key = `${principal.type}:${
      principal.userEntityRef ?? principal.subject ?? ''
    }`;
    const now = Date.now();
    const cached = this.snapshots.get(key);
    if (cached && cached.expires > now) {
      return cached.snapshot;
    }
    for (const [k, v] of this.snapshots) {
      if (v.expires <= now) this.snapshots.delete(k);
    }
    const snapshot = this.readSnapshot(credentials);
    // Callers meanwhile share the read in flight; the snapshot's lifetime starts when the read ends, so
    // a read slower than cacheSeconds (a large catalog on a busy machine) is still reused afterwards.
    const entry = { expires: Infinity, snapshot };
    this.snapshots.set(key, entry);
    snapshot.then(
      () => {
        entry.expires = Date.now() + this.cacheMs;
      },
      // A failed read is not kept.
      () => this.snapshots.delete(key),
    );
    return snapshot;
  }

  async getMap(
    query: ReuseMapQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<ReuseMap> {
    const snapshot = await this.snapshotFor(options.credentials);
    const { task, owner, view = 'all', offset = 0, limit = 50 } = query;
    const facets = {
      owners: [
        ...new Set(
          snapshot.components.flatMap(c => (c.owner ? [c.owner] : [])),
        ),
      ].sort(),
      tasks: [...new Set(snapshot.components.flatMap(c => c.tasks))].sort(),
    };
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
    rows.sort((a, b) => b.usage - a.usage || a.title.localeCompare(b.title));
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
