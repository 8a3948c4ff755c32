import { Config } from '@backstage/config';
import {
  ClearmlEndpoint,
  ClearmlTransport,
  ClearmlWebLinks,
  DefaultClearmlTransport,
} from '@mlops-portal/plugin-clearml-node';

/** A scalar's last value inside a task's `last_metrics` (keyed by metric hash, then variant hash). */
export interface ClearmlApiLastMetric {
  metric?: string;
  variant?: string;
  value?: number;
  min_value?: number;
  max_value?: number;
}

/** The fields of a ClearML task the portal asks for. */
export interface ClearmlApiTask {
  id: string;
  name: string;
  status?: string;
  type?: string;
  project?: string;
  created?: string;
  started?: string;
  completed?: string;
  last_update?: string;
  tags?: string[];
  system_tags?: string[];
  runtime?: Record<string, unknown>;
  last_metrics?: Record<string, Record<string, ClearmlApiLastMetric>>;
}

export interface ClearmlApiProject {
  id: string;
  name: string;
}

export interface ClearmlApiModel {
  id: string;
  name: string;
  framework?: string;
  ready?: boolean;
  created?: string;
  task?: string;
  tags?: string[];
}

/** `events.scalar_metrics_iter_histogram`: metric → variant → series. */
export type ClearmlApiScalarHistogram = Record<
  string,
  Record<string, { x?: number[]; y?: number[] }>
>;

/** A plot event (`events.get_task_plots`): `plot_str` is the Plotly figure as JSON text. */
export interface ClearmlApiPlotEvent {
  metric?: string;
  variant?: string;
  iter?: number;
  plot_str?: string;
}

/** The read-only calls the portal makes to ClearML's REST API. */
export interface ClearmlApiClient {
  /** Deep links into the ClearML web app (`clearml.webUrl`). */
  readonly links: ClearmlWebLinks;
  /** Projects whose name matches the regular expression. */
  getProjects(
    nameRegex: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlApiProject[]>;
  getTasks(filter: {
    projectIds: string[];
    ids?: string[];
    types?: string[];
    systemTags?: string[];
    includeHidden?: boolean;
    limit?: number;
  }): Promise<ClearmlApiTask[]>;
  getScalarHistogram(
    taskId: string,
    samples: number,
  ): Promise<ClearmlApiScalarHistogram>;
  getModels(projectIds: string[], limit: number): Promise<ClearmlApiModel[]>;
  /** The latest plots a task reported under one title (metric), for example a dataset's "Tables". */
  getTaskPlots(taskId: string, metric: string): Promise<ClearmlApiPlotEvent[]>;
}

const TASK_FIELDS = [
  'id',
  'name',
  'status',
  'type',
  'project',
  'created',
  'started',
  'completed',
  'last_update',
  'tags',
  'system_tags',
  'runtime',
  'last_metrics',
];

/**
 * The read-only calls, made through the portal's one ClearML transport
 * (`@mlops-portal/plugin-clearml-node`: login, token renewal, envelope, errors, timeouts).
 */
export class DefaultClearmlApiClient implements ClearmlApiClient {
  /** The client for the `clearml` config block, or undefined when ClearML is not configured. */
  static fromConfig(config: Config): DefaultClearmlApiClient | undefined {
    const transport = DefaultClearmlTransport.fromConfig(config);
    return transport ? new DefaultClearmlApiClient(transport) : undefined;
  }

  private constructor(private readonly transport: ClearmlTransport) {}

  get links(): ClearmlWebLinks {
    return this.transport.links;
  }

  async getProjects(
    nameRegex: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlApiProject[]> {
    const data = await this.call<{ projects?: ClearmlApiProject[] }>(
      'projects.get_all',
      {
        name: nameRegex,
        only_fields: ['id', 'name'],
        ...(options?.includeHidden ? { search_hidden: true } : {}),
      },
    );
    return data.projects ?? [];
  }

  async getTasks(filter: {
    projectIds: string[];
    ids?: string[];
    types?: string[];
    systemTags?: string[];
    includeHidden?: boolean;
    limit?: number;
  }): Promise<ClearmlApiTask[]> {
    const data = await this.call<{ tasks?: ClearmlApiTask[] }>(
      'tasks.get_all',
      {
        project: filter.projectIds,
        ...(filter.ids ? { id: filter.ids } : {}),
        ...(filter.types ? { type: filter.types } : {}),
        ...(filter.systemTags ? { system_tags: filter.systemTags } : {}),
        ...(filter.includeHidden ? { search_hidden: true } : {}),
        only_fields: TASK_FIELDS,
        order_by: ['-last_update'],
        page: 0,
        page_size: filter.limit ?? 100,
      },
    );
    return data.tasks ?? [];
  }

  async getScalarHistogram(
    taskId: string,
    samples: number,
  ): Promise<ClearmlApiScalarHistogram> {
    return this.call<ClearmlApiScalarHistogram>(
      'events.scalar_metrics_iter_histogram',
      { task: taskId, samples, key: 'iter' },
    );
  }

  async getModels(
    projectIds: string[],
    limit: number,
  ): Promise<ClearmlApiModel[]> {
    const data = await this.call<{ models?: ClearmlApiModel[] }>(
      'models.get_all',
      {
        project: projectIds,
        only_fields: [
          'id',
          'name',
          'framework',
          'ready',
          'created',
          'task',
          'tags',
        ],
        order_by: ['-created'],
        page: 0,
        page_size: limit,
      },
    );
    return data.models ?? [];
  }

  async getTaskPlots(
    taskId: string,
    metric: string,
  ): Promise<ClearmlApiPlotEvent[]> {
    const data = await this.call<{ plots?: ClearmlApiPlotEvent[] }>(
      'events.get_task_plots',
      { task: taskId, iters: 1, metrics: [{ metric }], no_scroll: true },
    );
    // Older servers ignore the metric filter: filter again here.
    return (data.plots ?? []).filter(p => p.metric === metric);
  }

  private call<T>(endpoint: ClearmlEndpoint, body: object): Promise<T> {
    return this.transport.call<T>(endpoint, body);
  }
}
