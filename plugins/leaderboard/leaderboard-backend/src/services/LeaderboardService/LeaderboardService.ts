import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { queryAllEntitiesAsUser } from '@mlops-portal/backend-utils';
import { TASKS, Task } from '@mlops-portal/plugin-atomic-catalog-common';
import {
  CLEARML_PROJECT_ANNOTATION,
  getClearmlProjectName,
} from '@mlops-portal/plugin-clearml-common';
import {
  callClearml,
  ClearmlClient,
  clearmlClientForRoutes,
  ClearmlTaskRecord,
  escapeNamePattern,
  getDatasetVersions,
  heldOutScore,
  taskProperties,
} from '@mlops-portal/plugin-clearml-node';
import {
  ComponentBestResultResponse,
  LeaderboardDataset,
  LeaderboardGroup,
  LeaderboardResponse,
  LeaderboardRun,
} from '@mlops-portal/plugin-leaderboard-common';

/** The cross-project leaderboard, for one user: only the projects they can see in the catalog. */
export interface LeaderboardService {
  getLeaderboard(
    task: Task,
    options: { credentials: BackstageCredentials },
  ): Promise<LeaderboardResponse>;
  getComponentBest(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ComponentBestResultResponse>;
}

const PAGE_SIZE = 1000;
/** Project names per `projects.get_all` (one regular expression). */
const NAMES_PER_CALL = 50;
/** ClearML calls at once while the cache is filled. */
const PARALLEL_CALLS = 4;
const COMPONENT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A run read from ClearML, before the catalog says which entity it belongs to. */
type ClearmlRun = Omit<LeaderboardRun, 'project'>;

interface CacheEntry {
  readAt: number;
  runs: Promise<ClearmlRun[]>;
}

interface ProjectEntity {
  entityRef: string;
  title: string;
  clearmlProject: string;
}

function isTask(value: string | undefined): value is Task {
  return TASKS.some(t => t === value);
}

const better = (a: LeaderboardRun, b: LeaderboardRun) =>
  a.higherIsBetter ? b.score - a.score : a.score - b.score;

const newer = (a: LeaderboardRun, b: LeaderboardRun) =>
  (b.completed ?? '').localeCompare(a.completed ?? '');

/**
 * Reads the leaderboard runs of the ClearML projects the user's visible catalog entities name, through
 * the portal's one ClearML client, and ranks them where task, metric and dataset version agree.
 *
 * What it reads of ClearML is kept per ClearML project for `leaderboard.cacheSeconds` (bounded by
 * `leaderboard.maxCachedProjects`, the oldest dropped first) and shared between users: ClearML is read
 * with the portal's service credentials either way, and which projects a user sees is decided by the
 * catalog, read with the user's credentials on every request.
 */
export class DefaultLeaderboardService implements LeaderboardService {
  private readonly cache = new Map<string, CacheEntry>();

  static fromConfig(
    config: Config,
    deps: {
      catalog: CatalogService;
      logger: LoggerService;
      client?: ClearmlClient;
    },
  ): DefaultLeaderboardService {
    const read = (key: string, fallback: number, min: number, max: number) => {
      const value = config.getOptionalNumber(`leaderboard.${key}`) ?? fallback;
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(
          `leaderboard.${key} must be a whole number from ${min} to ${max}; it is ${value}`,
        );
      }
      return value;
    };
    const cacheSeconds = read('cacheSeconds', 60, 0, 3600);
    const maxCachedProjects = read('maxCachedProjects', 1000, 1, 100_000);
    const runsPerProject = read('runsPerProject', 100, 1, 500);
    return new DefaultLeaderboardService(
      deps.catalog,
      deps.logger,
      clearmlClientForRoutes(config, deps),
      { cacheSeconds, maxCachedProjects, runsPerProject },
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly logger: LoggerService,
    private readonly client: () => ClearmlClient,
    private readonly options: {
      cacheSeconds: number;
      maxCachedProjects: number;
      runsPerProject: number;
    },
  ) {}

  async getLeaderboard(
    task: Task,
    options: { credentials: BackstageCredentials },
  ): Promise<LeaderboardResponse> {
    const { runs, readAt, projects } = await this.visibleRuns(
      options.credentials,
    );
    return {
      task,
      groups: this.rank(runs.filter(r => r.task === task)),
      projects: {
        total: projects,
        withRuns: new Set(runs.map(r => r.project.entityRef)).size,
      },
      ...this.freshness(readAt),
    };
  }

  async getComponentBest(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ComponentBestResultResponse> {
    const { runs, readAt } = await this.visibleRuns(options.credentials);
    const candidates: NonNullable<ComponentBestResultResponse['best']>[] = [];
    for (const task of TASKS) {
      for (const group of this.rank(runs.filter(r => r.task === task))) {
        group.runs.forEach((run, index) => {
          if (run.components.some(c => c.entityRef === entityRef)) {
            candidates.push({ run, rank: index + 1, of: group.runs.length });
          }
        });
      }
    }
    // The best rank; then the larger group; then the newer run
    const [best] = candidates.sort(
      (a, b) => a.rank - b.rank || b.of - a.of || newer(a.run, b.run),
    );
    return { entityRef, ...(best ? { best } : {}), ...this.freshness(readAt) };
  }

  private freshness(readAt: number) {
    return {
      readAt: new Date(readAt).toISOString(),
      maxAgeSeconds: this.options.cacheSeconds,
    };
  }

  /** Groups by metric, direction and dataset version; each project's best run, best first. */
  private rank(runs: LeaderboardRun[]): LeaderboardGroup[] {
    const groups = new Map<string, LeaderboardGroup>();
    for (const run of runs) {
      const key = JSON.stringify([
        run.metric,
        run.higherIsBetter,
        run.dataset.version,
      ]);
      let group = groups.get(key);
      if (!group) {
        group = {
          metric: run.metric,
          higherIsBetter: run.higherIsBetter,
          dataset: run.dataset,
          runs: [],
        };
        groups.set(key, group);
      }
      group.runs.push(run);
    }
    return [...groups.values()]
      .map(group => {
        const bestOfProject = new Map<string, LeaderboardRun>();
        for (const run of [...group.runs].sort(
          (a, b) => better(a, b) || newer(a, b),
        )) {
          if (!bestOfProject.has(run.project.entityRef)) {
            bestOfProject.set(run.project.entityRef, run);
          }
        }
        return { ...group, runs: [...bestOfProject.values()] };
      })
      .sort(
        (a, b) =>
          b.runs.length - a.runs.length ||
          a.metric.localeCompare(b.metric) ||
          a.dataset.label.localeCompare(b.dataset.label),
      );
  }

  /** The leaderboard runs of every project the user can see, with the time the oldest was read. */
  private async visibleRuns(credentials: BackstageCredentials) {
    const client = this.client();
    const entities = await this.projectEntities(credentials);
    const byClearmlProject = new Map<string, ProjectEntity>();
    for (const entity of entities) {
      if (!byClearmlProject.has(entity.clearmlProject)) {
        byClearmlProject.set(entity.clearmlProject, entity);
      }
    }
    const entries = await this.cached(client, [...byClearmlProject.keys()]);
    const runs: LeaderboardRun[] = [];
    let readAt = Date.now();
    for (const [name, entry] of entries) {
      readAt = Math.min(readAt, entry.readAt);
      const project = byClearmlProject.get(name)!;
      for (const run of await entry.runs) {
        runs.push({
          ...run,
          project: { entityRef: project.entityRef, title: project.title },
        });
      }
    }
    return { runs, readAt, projects: byClearmlProject.size };
  }

  /** Catalog entities naming a ClearML project, read with the user's credentials. */
  private async projectEntities(
    credentials: BackstageCredentials,
  ): Promise<ProjectEntity[]> {
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'metadata.annotations',
    ];
    const items = await queryAllEntitiesAsUser(
      this.catalog,
      {
        filter: {
          [`metadata.annotations.${CLEARML_PROJECT_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields,
        pageSize: PAGE_SIZE,
      },
      credentials,
    );
    return items
      .flatMap(entity => {
        const clearmlProject = getClearmlProjectName(entity);
        return clearmlProject
          ? [
              {
                entityRef: stringifyEntityRef(entity),
                title: entity.metadata.title ?? entity.metadata.name,
                clearmlProject,
              },
            ]
          : [];
      })
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  /** The cache entries of these ClearML projects, reading the missing or expired ones in one go. */
  private async cached(
    client: ClearmlClient,
    names: string[],
  ): Promise<Map<string, CacheEntry>> {
    const now = Date.now();
    const ttl = this.options.cacheSeconds * 1000;
    const out = new Map<string, CacheEntry>();
    const missing: string[] = [];
    for (const name of names) {
      const entry = this.cache.get(name);
      if (entry && now - entry.readAt < ttl) out.set(name, entry);
      else missing.push(name);
    }
    if (missing.length) {
      const read = this.readProjects(client, missing);
      for (const name of missing) {
        const entry: CacheEntry = {
          readAt: now,
          runs: read.then(byName => byName.get(name) ?? []),
        };
        // A failed read is not kept.
        entry.runs.catch(() => {
          if (this.cache.get(name) === entry) this.cache.delete(name);
        });
        this.cache.delete(name);
        this.cache.set(name, entry);
        out.set(name, entry);
      }
      while (this.cache.size > this.options.maxCachedProjects) {
        this.cache.delete(this.cache.keys().next().value!);
      }
    }
    return out;
  }

  /** Reads the runs of ClearML projects by name: one lookup of the names, then each project's runs. */
  private async readProjects(
    client: ClearmlClient,
    names: string[],
  ): Promise<Map<string, ClearmlRun[]>> {
    return callClearml(this.logger, async () => {
      const start = Date.now();
      const projects: Array<{ id: string; name: string }> = [];
      for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
        const chunk = names.slice(i, i + NAMES_PER_CALL);
        const found = await client.getProjects(
          `^(${chunk.map(escapeNamePattern).join('|')})$`,
        );
        projects.push(...found.filter(p => chunk.includes(p.name)));
      }
      const tasks = new Map<string, ClearmlTaskRecord[]>();
      let next = 0;
      const worker = async () => {
        while (next < projects.length) {
          const project = projects[next++];
          tasks.set(
            project.name,
            await client.getTasks({
              projectIds: [project.id],
              types: ['training'],
              statuses: ['completed', 'published'],
              withProperties: true,
              limit: this.options.runsPerProject,
            }),
          );
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL_CALLS, projects.length) }, () =>
          worker(),
        ),
      );
      const datasets = await this.datasetLabels(client, [...tasks.values()]);
      const out = new Map<string, ClearmlRun[]>();
      let count = 0;
      for (const project of projects) {
        const runs = (tasks.get(project.name) ?? []).flatMap(task => {
          const run = this.toRun(client, project.id, task, datasets);
          return run ? [run] : [];
        });
        count += runs.length;
        out.set(project.name, runs);
      }
      this.logger.info('Read leaderboard runs from ClearML', {
        projects: names.length,
        found: projects.length,
        runs: count,
        ms: Date.now() - start,
      });
      return out;
    });
  }

  /** Names and links of the ClearML Data versions the runs used (one call for all of them). */
  private async datasetLabels(
    client: ClearmlClient,
    taskLists: ClearmlTaskRecord[][],
  ): Promise<Map<string, LeaderboardDataset>> {
    const versions = await getDatasetVersions(
      client,
      taskLists.flat().map(task => taskProperties(task).dataset_version ?? ''),
    );
    const out = new Map<string, LeaderboardDataset>();
    for (const task of versions) {
      const version = task.runtime?.version;
      out.set(task.id, {
        version: task.id,
        label:
          typeof version === 'string' ? `${task.name} ${version}` : task.name,
        webUrl: client.links.dataset(task.project ?? '', task.id),
      });
    }
    return out;
  }

  /** A run that logged what the leaderboard compares (its task, metric and held-out score), or undefined. */
  private toRun(
    client: ClearmlClient,
    projectId: string,
    task: ClearmlTaskRecord,
    datasets: Map<string, LeaderboardDataset>,
  ): ClearmlRun | undefined {
    const properties = taskProperties(task);
    const { metric } = properties;
    if (!isTask(properties.task) || !metric) return undefined;
    const score = heldOutScore(task, metric);
    if (score === undefined) return undefined;
    const version = properties.dataset_version || 'unknown';
    const components = (properties.components ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(name => COMPONENT_NAME.test(name))
      .map(name => ({ name, entityRef: `component:default/${name}` }));
    return {
      id: task.id,
      name: task.name,
      task: properties.task,
      metric,
      score,
      higherIsBetter: properties.higher_is_better === 'true',
      dataset: datasets.get(version) ?? { version, label: version },
      ...(properties.winner ? { winner: properties.winner } : {}),
      components,
      ...(task.completed ? { completed: task.completed } : {}),
      webUrl: client.links.experiment(projectId, task.id),
    };
  }
}
