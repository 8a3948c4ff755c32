import { Config } from '@backstage/config';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';

/** The API server's answer: every call comes back in a `{ meta, data }` envelope. */
interface Envelope<T> {
  meta?: { result_code?: number; result_msg?: string };
  data?: T;
}

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

const REQUIRED_KEYS = ['apiUrl', 'webUrl', 'accessKey', 'secretKey'];

/** Renew the token this long before ClearML says it expires. */
const RENEW_MARGIN_MS = 60_000;

function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Talks to ClearML's API server with the portal's service credentials: `auth.login` with the access key
 * and secret (Basic), then `POST /<service>.<action>` with the token (Bearer). The token is kept until
 * shortly before it expires, and renewed once when ClearML answers 401.
 */
export class DefaultClearmlApiClient implements ClearmlApiClient {
  private token?: { value: string; expiresAt?: number };
  private login?: Promise<string>;

  static fromConfig(config: Config): DefaultClearmlApiClient | undefined {
    const clearml = config.getOptionalConfig('clearml');
    // The production config names all four keys from the environment: none set means "not configured"
    // (the routes answer 503), some set means a mistake worth stopping for.
    const present = REQUIRED_KEYS.filter(key => clearml?.has(key));
    if (!clearml || present.length === 0) {
      return undefined;
    }
    if (present.length < REQUIRED_KEYS.length) {
      const missing = REQUIRED_KEYS.filter(key => !present.includes(key));
      throw new Error(
        `ClearML is only partly configured: set ${missing
          .map(key => `clearml.${key}`)
          .join(', ')} too, or none of ${REQUIRED_KEYS.map(
          key => `clearml.${key}`,
        ).join(', ')}`,
      );
    }
    const timeoutMs = clearml.getOptionalNumber('timeoutMs') ?? 5000;
    if (!(timeoutMs > 0)) {
      throw new Error(
        `clearml.timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
      );
    }
    return new DefaultClearmlApiClient({
      apiUrl: clearml.getString('apiUrl').replace(/\/+$/, ''),
      accessKey: clearml.getString('accessKey'),
      secretKey: clearml.getString('secretKey'),
      timeoutMs,
    });
  }

  private constructor(
    private readonly options: {
      apiUrl: string;
      accessKey: string;
      secretKey: string;
      timeoutMs: number;
    },
  ) {}

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

  private async call<T>(endpoint: string, body: object): Promise<T> {
    const token = await this.currentToken();
    try {
      return await this.post<T>(endpoint, body, `Bearer ${token}`);
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 401) {
        // The token was revoked or the server restarted: log in again, once.
        this.token = undefined;
        const renewed = await this.currentToken();
        return this.post<T>(endpoint, body, `Bearer ${renewed}`);
      }
      throw error;
    }
  }

  private async currentToken(): Promise<string> {
    const token = this.token;
    if (
      token &&
      (token.expiresAt === undefined ||
        token.expiresAt - RENEW_MARGIN_MS > Date.now())
    ) {
      return token.value;
    }
    if (!this.login) {
      this.login = this.logIn().finally(() => {
        this.login = undefined;
      });
    }
    return this.login;
  }

  private async logIn(): Promise<string> {
    const basic = Buffer.from(
      `${this.options.accessKey}:${this.options.secretKey}`,
    ).toString('base64');
    const data = await this.post<{ token?: string }>(
      'auth.login',
      {},
      `Basic ${basic}`,
    );
    if (!data.token) {
      throw new ServiceUnavailableError(
        'ClearML auth.login answered without a token',
      );
    }
    this.token = { value: data.token, expiresAt: tokenExpiry(data.token) };
    return data.token;
  }

  private async post<T>(
    endpoint: string,
    body: object,
    authorization: string,
  ): Promise<T> {
    const { apiUrl, timeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(`${apiUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', authorization },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const error = e as Error;
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new ServiceUnavailableError(
          `ClearML at ${apiUrl} did not answer ${endpoint} within ${timeoutMs} ms`,
        );
      }
      throw new ServiceUnavailableError(
        `ClearML at ${apiUrl} is unreachable (${endpoint}): ${String(
          (error.cause as Error | undefined)?.message ?? error.message,
        )}`,
      );
    }
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    let envelope: Envelope<T>;
    try {
      envelope = (await res.json()) as Envelope<T>;
    } catch (e) {
      throw new ServiceUnavailableError(
        `ClearML ${endpoint} answered with something that is not JSON`,
      );
    }
    const code = envelope.meta?.result_code ?? 200;
    if (code !== 200 || envelope.data === undefined) {
      throw new ServiceUnavailableError(
        `ClearML ${endpoint} failed with result code ${code}: ${
          envelope.meta?.result_msg ?? 'no data in the answer'
        }`,
      );
    }
    return envelope.data;
  }
}
