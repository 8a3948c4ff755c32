import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlDatasetVersion,
  ClearmlExperiment,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
  ClearmlMetricValue,
  ClearmlModelsResponse,
  ClearmlProjectSummary,
  ClearmlTaskStatus,
} from '@mlops-portal/plugin-clearml-common';
import {
  callClearml,
  ClearmlClient,
  clearmlClientForRoutes,
  ClearmlTaskRecord,
  escapeNamePattern,
} from '@mlops-portal/plugin-clearml-node';
import { readPlotlyTable } from './previewTable';

/** The title under which ClearML Data reports a dataset version's table previews when it is finalized. */
const DATASET_PREVIEW_PLOT = 'Tables';

/** What the portal shows of a ClearML project: read-only. */
export interface ClearmlService {
  getExperiments(projectName: string): Promise<ClearmlExperimentsResponse>;
  getMetricHistory(
    projectName: string,
    experimentId: string,
  ): Promise<ClearmlMetricHistoryResponse>;
  getModels(projectName: string): Promise<ClearmlModelsResponse>;
  getDatasets(projectName: string): Promise<ClearmlDatasetsResponse>;
  getDatasetPreview(
    projectName: string,
    datasetId: string,
  ): Promise<ClearmlDatasetPreviewResponse>;
}

const STATUSES: ClearmlTaskStatus[] = [
  'created',
  'queued',
  'in_progress',
  'stopped',
  'published',
  'publishing',
  'closed',
  'failed',
  'completed',
];

function toStatus(status: string | undefined): ClearmlTaskStatus {
  return STATUSES.find(s => s === status) ?? 'unknown';
}

function durationSeconds(task: ClearmlTaskRecord): number | undefined {
  const start = task.started ? Date.parse(task.started) : NaN;
  const end = Date.parse(
    task.completed ??
      (task.status === 'in_progress' ? task.last_update ?? '' : ''),
  );
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    return undefined;
  }
  return Math.round((end - start) / 1000);
}

/** `last_metrics` is keyed by hashes of metric and variant names: flatten it to named values. */
export function mapLastMetrics(
  lastMetrics: ClearmlTaskRecord['last_metrics'],
): ClearmlMetricValue[] {
  const values: ClearmlMetricValue[] = [];
  for (const variants of Object.values(lastMetrics ?? {})) {
    for (const m of Object.values(variants ?? {})) {
      if (
        typeof m?.metric !== 'string' ||
        typeof m.variant !== 'string' ||
        typeof m.value !== 'number'
      ) {
        continue;
      }
      values.push({
        metric: m.metric,
        variant: m.variant,
        value: m.value,
        ...(typeof m.min_value === 'number' ? { min: m.min_value } : {}),
        ...(typeof m.max_value === 'number' ? { max: m.max_value } : {}),
      });
    }
  }
  return values.sort(
    (a, b) =>
      a.metric.localeCompare(b.metric) || a.variant.localeCompare(b.variant),
  );
}

/** Reads experiments, metrics, models and datasets of one ClearML project through the portal's `ClearmlClient`. */
export class DefaultClearmlService implements ClearmlService {
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; client?: ClearmlClient },
  ): DefaultClearmlService {
    return new DefaultClearmlService(
      clearmlClientForRoutes(config, deps),
      deps.logger,
    );
  }

  private constructor(
    private readonly client: () => ClearmlClient,
    private readonly logger: LoggerService,
  ) {}

  async getExperiments(
    projectName: string,
  ): Promise<ClearmlExperimentsResponse> {
    return this.inProject(projectName, async (client, project) => {
      const tasks = await client.getTasks({
        projectIds: [project.id],
        types: ['training', 'testing', 'inference', 'optimizer', 'custom'],
        limit: 50,
      });
      const experiments: ClearmlExperiment[] = tasks.map(task => ({
        id: task.id,
        name: task.name,
        status: toStatus(task.status),
        ...(task.started ? { started: task.started } : {}),
        ...(task.completed ? { completed: task.completed } : {}),
        ...(task.last_update ? { lastUpdate: task.last_update } : {}),
        ...(durationSeconds(task) !== undefined
          ? { durationSeconds: durationSeconds(task) }
          : {}),
        lastMetrics: mapLastMetrics(task.last_metrics),
        tags: task.tags ?? [],
        webUrl: client.links.experiment(project.id, task.id),
      }));
      return { project, experiments };
    });
  }

  async getMetricHistory(
    projectName: string,
    experimentId: string,
  ): Promise<ClearmlMetricHistoryResponse> {
    return this.inProject(projectName, async (client, project) => {
      // Only an experiment of the entity's own project: the route must not read any task by id.
      const [task] = await client.getTasks({
        projectIds: [project.id],
        ids: [experimentId],
        limit: 1,
      });
      if (!task) {
        throw new NotFoundError(
          `ClearML project "${projectName}" has no experiment ${experimentId}`,
        );
      }
      const histogram = await client.getScalarHistogram(task.id, 500);
      const series = Object.entries(histogram ?? {}).flatMap(
        ([metric, variants]) =>
          Object.entries(variants ?? {}).map(([variant, s]) => {
            const x = s?.x ?? [];
            const y = s?.y ?? [];
            return {
              metric,
              variant,
              points: x
                .map((iteration, i) => ({ iteration, value: y[i] }))
                .filter(
                  (p): p is { iteration: number; value: number } =>
                    typeof p.iteration === 'number' &&
                    typeof p.value === 'number',
                ),
            };
          }),
      );
      return { experimentId: task.id, series };
    });
  }

  async getModels(projectName: string): Promise<ClearmlModelsResponse> {
    return this.inProject(projectName, async (client, project) => {
      const models = await client.getModels([project.id], 50);
      return {
        project,
        models: models.map(m => ({
          id: m.id,
          name: m.name,
          ...(m.framework ? { framework: m.framework } : {}),
          ready: m.ready === true,
          ...(m.created ? { created: m.created } : {}),
          ...(m.task ? { experimentId: m.task } : {}),
          tags: m.tags ?? [],
          webUrl: client.links.model(project.id, m.id),
        })),
      };
    });
  }

  async getDatasets(projectName: string): Promise<ClearmlDatasetsResponse> {
    return this.inProject(projectName, async (client, project) => {
      return {
        project,
        datasets: await this.datasetVersions(client, project),
      };
    });
  }

  async getDatasetPreview(
    projectName: string,
    datasetId: string,
  ): Promise<ClearmlDatasetPreviewResponse> {
    return this.inProject(projectName, async (client, project) => {
      // Only a version of the entity's own project's datasets: the route must not read any task by id.
      const dataset = (await this.datasetVersions(client, project)).find(
        d => d.id === datasetId,
      );
      if (!dataset) {
        throw new NotFoundError(
          `ClearML project "${projectName}" has no dataset version ${datasetId}`,
        );
      }
      const plots = await client.getTaskPlots(dataset.id, DATASET_PREVIEW_PLOT);
      for (const plot of plots) {
        const table = plot.plot_str
          ? readPlotlyTable(plot.plot_str)
          : undefined;
        if (table && table.columns.length > 0) {
          return { dataset, ...table };
        }
      }
      return { dataset, columns: [], rows: [] };
    });
  }

  private async datasetVersions(
    client: ClearmlClient,
    project: ClearmlProjectSummary,
  ): Promise<ClearmlDatasetVersion[]> {
    // ClearML Data keeps a project's datasets in hidden sub-projects `<project>/.datasets/<dataset>`,
    // one data_processing task tagged `dataset` per version.
    const datasetProjects = await client.getProjects(
      `^${escapeNamePattern(project.name)}/\\.datasets/`,
      { includeHidden: true },
    );
    if (datasetProjects.length === 0) {
      return [];
    }
    const tasks = await client.getTasks({
      projectIds: datasetProjects.map(p => p.id),
      types: ['data_processing'],
      systemTags: ['dataset'],
      includeHidden: true,
      limit: 100,
    });
    const names = new Map(
      datasetProjects.map(p => [
        p.id,
        p.name.split('/.datasets/')[1] ?? p.name,
      ]),
    );
    return tasks.map(task => {
      const version = task.runtime?.version;
      return {
        id: task.id,
        name: (task.project && names.get(task.project)) || task.name,
        ...(typeof version === 'string' ? { version } : {}),
        status: toStatus(task.status),
        ...(task.created ? { created: task.created } : {}),
        tags: task.tags ?? [],
        webUrl: client.links.dataset(task.project ?? project.id, task.id),
      };
    });
  }

  private async findProject(
    client: ClearmlClient,
    name: string,
  ): Promise<ClearmlProjectSummary> {
    const project = await client.findProject(name);
    if (!project) {
      throw new NotFoundError(`ClearML has no project named "${name}"`);
    }
    return {
      id: project.id,
      name: project.name,
      webUrl: client.links.project(project.id),
    };
  }

  /**
   * Runs `fn` with the client and the ClearML project of that name; no such project is a 404. ClearML not
   * configured, or failing, is a 503 for the portal's callers (see `callClearml`).
   */
  private async inProject<T>(
    projectName: string,
    fn: (client: ClearmlClient, project: ClearmlProjectSummary) => Promise<T>,
  ): Promise<T> {
    const client = this.client();
    return callClearml(this.logger, async () =>
      fn(client, await this.findProject(client, projectName)),
    );
  }
}
