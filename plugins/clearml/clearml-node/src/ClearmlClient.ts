import { Config } from '@backstage/config';
import { clearmlLinks } from '@mlops-portal/plugin-clearml-common';
import {
  CLEARML_CREDENTIALS_HINT,
  ClearmlConfig,
  readClearmlConfig,
} from './config';
import {
  ClearmlApiError,
  ClearmlCredentialsError,
  ClearmlUnreachableError,
} from './errors';
import { exactNamePattern } from './namePattern';
import {
  ClearmlArtifact,
  ClearmlModelRecord,
  ClearmlNewTask,
  ClearmlTaskEdit,
  ClearmlPlotEvent,
  ClearmlProjectRecord,
  ClearmlScalarHistogram,
  ClearmlTaskFilter,
  ClearmlTaskRecord,
} from './types';

/** A call of ClearML's REST API, `<service>.<action>`, for example `projects.get_all`. */
export type ClearmlEndpoint = `${string}.${string}`;

/** Deep links into the ClearML web app at `clearml.webUrl`. */
export interface ClearmlWebLinks {
  project(projectId: string): string;
  experiment(projectId: string, taskId: string): string;
  experimentScalars(projectId: string, taskId: string): string;
  model(projectId: string, modelId: string): string;
  dataset(datasetProjectId: string, taskId: string): string;
}

/**
 * The portal's one client of ClearML's REST API, with the portal's service credentials: the calls the
 * ClearML backend plugin and "Create project" make. Every call throws a `ClearmlUnreachableError`,
 * `ClearmlCredentialsError` or `ClearmlApiError` on failure; none answers undefined for a failure.
 */
export interface ClearmlClient {
  /** The API server (`clearml.apiUrl`), for messages. */
  readonly apiUrl: string;
  /** The web app as browsers reach it (`clearml.webUrl`). */
  readonly webUrl: string;
  /** The file server (`clearml.filesUrl`), undefined when it is not configured. */
  readonly filesUrl: string | undefined;
  /** Deep links into the web app at `clearml.webUrl`. */
  readonly links: ClearmlWebLinks;

  /** Projects whose name matches the regular expression (`projects.get_all`). */
  getProjects(
    nameRegex: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlProjectRecord[]>;
  /** The project with exactly this name, or undefined when there is none. */
  findProject(
    name: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlProjectRecord | undefined>;
  /**
   * Creates a project (`projects.create`) and answers its id; `systemTags` such as `hidden` are
   * ClearML's own (a dataset's sub-project is `hidden` and `dataset`).
   */
  createProject(options: {
    name: string;
    description: string;
    systemTags?: string[];
  }): Promise<string>;
  /** Creates a task in the state `created` (`tasks.create`) and answers its id. */
  createTask(task: ClearmlNewTask): Promise<string>;
  /** Changes a task that has not started yet (`tasks.edit`). */
  editTask(taskId: string, fields: ClearmlTaskEdit): Promise<void>;
  /** Marks a created task as running (`tasks.started`). */
  startTask(taskId: string): Promise<void>;
  /** Adds artifacts to a task, or replaces those of the same key (`tasks.add_or_update_artifacts`). */
  addOrUpdateArtifacts(
    taskId: string,
    artifacts: ClearmlArtifact[],
  ): Promise<void>;
  /** Marks a running task as completed (`tasks.completed`). */
  completeTask(taskId: string): Promise<void>;
  /** Publishes a completed task (`tasks.publish`): it can no longer change. */
  publishTask(taskId: string): Promise<void>;
  /**
   * Uploads a file to ClearML's file server (`clearml.filesUrl`) at `path`, logged in as the API
   * calls are, and answers its address there. Throws when `clearml.filesUrl` is not set.
   */
  uploadFile(
    path: string,
    content: Uint8Array,
    contentType: string,
  ): Promise<string>;
  /** Tasks of the projects (`tasks.get_all`), newest update first. */
  getTasks(filter: ClearmlTaskFilter): Promise<ClearmlTaskRecord[]>;
  /** A task's scalars, sampled (`events.scalar_metrics_iter_histogram`). */
  getScalarHistogram(
    taskId: string,
    samples: number,
  ): Promise<ClearmlScalarHistogram>;
  /** Models of the projects (`models.get_all`), newest first. */
  getModels(projectIds: string[], limit: number): Promise<ClearmlModelRecord[]>;
  /** The latest plots a task reported under one title (metric), for example a dataset's "Tables". */
  getTaskPlots(taskId: string, metric: string): Promise<ClearmlPlotEvent[]>;
}

/** ClearML answers every call in a `{ meta, data }` envelope. */
interface Envelope<T> {
  meta?: { result_code?: number; result_subcode?: number; result_msg?: string };
  data?: T;
}

const ENDPOINT = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** Renew the token this long before ClearML says it expires. */
const RENEW_MARGIN_MS = 60_000;
/** The slowest upload to the file server waited for: 1 MB/s, so a 100 MB sample gets 100 s more. */
const SLOWEST_UPLOAD_BYTES_PER_MS = (1024 * 1024) / 1000;

/** When a ClearML token (a JWT) expires, from its `exp` claim; undefined when it does not say. */
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

function isTimeout(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
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

const MODEL_FIELDS = [
  'id',
  'name',
  'framework',
  'ready',
  'created',
  'task',
  'tags',
];

/**
 * Logs in with `auth.login` (Basic auth with the access key and secret), then sends each call with the
 * token (Bearer). The token is kept until a minute before it expires; when ClearML answers 401 anyway
 * (revoked, or the server restarted) the client logs in again, once, and repeats the call. Concurrent
 * calls share one login. Every request is bounded by `clearml.timeoutMs`.
 */
export class DefaultClearmlClient implements ClearmlClient {
  private token?: { value: string; expiresAt?: number };
  private login?: Promise<string>;
  readonly links: ClearmlWebLinks;

  /**
   * The client for the `clearml` config block, or undefined when none of its keys is set (each plugin
   * decides what "not configured" means). Some of the keys set throws, naming the missing ones.
   */
  static fromConfig(config: Config): DefaultClearmlClient | undefined {
    const clearml = readClearmlConfig(config);
    return clearml ? new DefaultClearmlClient(clearml) : undefined;
  }

  private constructor(private readonly options: ClearmlConfig) {
    const webUrl = options.webUrl;
    this.links = {
      project: projectId => clearmlLinks.project(webUrl, projectId),
      experiment: (projectId, taskId) =>
        clearmlLinks.experiment(webUrl, projectId, taskId),
      experimentScalars: (projectId, taskId) =>
        clearmlLinks.experimentScalars(webUrl, projectId, taskId),
      model: (projectId, modelId) =>
        clearmlLinks.model(webUrl, projectId, modelId),
      dataset: (datasetProjectId, taskId) =>
        clearmlLinks.dataset(webUrl, datasetProjectId, taskId),
    };
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  get webUrl(): string {
    return this.options.webUrl;
  }

  get filesUrl(): string | undefined {
    return this.options.filesUrl;
  }

  async getProjects(
    nameRegex: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlProjectRecord[]> {
    const data = await this.call<{ projects?: ClearmlProjectRecord[] }>(
      'projects.get_all',
      {
        name: nameRegex,
        only_fields: ['id', 'name'],
        ...(options?.includeHidden ? { search_hidden: true } : {}),
      },
    );
    return data.projects ?? [];
  }

  async findProject(
    name: string,
    options?: { includeHidden?: boolean },
  ): Promise<ClearmlProjectRecord | undefined> {
    // projects.get_all matches `name` as a regular expression: anchor it, then compare exactly.
    const projects = await this.getProjects(exactNamePattern(name), options);
    return projects.find(p => p.name === name);
  }

  async createProject(options: {
    name: string;
    description: string;
    systemTags?: string[];
  }): Promise<string> {
    const { name, description, systemTags } = options;
    return this.createdId('projects.create', {
      name,
      description,
      ...(systemTags ? { system_tags: systemTags } : {}),
    });
  }

  async createTask(task: ClearmlNewTask): Promise<string> {
    return this.createdId('tasks.create', {
      name: task.name,
      type: task.type,
      project: task.projectId,
      ...(task.tags ? { tags: task.tags } : {}),
      ...(task.systemTags ? { system_tags: task.systemTags } : {}),
      ...(task.comment ? { comment: task.comment } : {}),
    });
  }

  async editTask(taskId: string, fields: ClearmlTaskEdit): Promise<void> {
    await this.call('tasks.edit', { task: taskId, ...fields });
  }

  async startTask(taskId: string): Promise<void> {
    await this.call('tasks.started', { task: taskId });
  }

  async addOrUpdateArtifacts(
    taskId: string,
    artifacts: ClearmlArtifact[],
  ): Promise<void> {
    // `force`: a running task's artifacts may change too, as the SDK's uploads do
    await this.call('tasks.add_or_update_artifacts', {
      task: taskId,
      artifacts,
      force: true,
    });
  }

  async completeTask(taskId: string): Promise<void> {
    await this.call('tasks.completed', { task: taskId });
  }

  async publishTask(taskId: string): Promise<void> {
    await this.call('tasks.publish', { task: taskId });
  }

  async uploadFile(
    path: string,
    content: Uint8Array,
    contentType: string,
  ): Promise<string> {
    const filesUrl = this.options.filesUrl;
    if (!filesUrl) {
      throw new Error(
        "ClearML's file server is not configured: set clearml.filesUrl",
      );
    }
    const key = path.replace(/^\/+/, '');
    const label = `file server upload of ${key}`;
    // As the SDK does: one multipart part per file, named by the path it is stored at, to the server's root.
    const send = (authorization: string) => {
      const form = new FormData();
      form.append(
        key,
        new Blob([Buffer.from(content)], { type: contentType }),
        key,
      );
      return this.send(filesUrl, `${filesUrl}/`, label, {
        body: form,
        authorization,
        // an upload is given its time to travel on top of the answer's: 1 MB/s at the slowest
        timeoutMs:
          this.options.timeoutMs +
          Math.ceil(content.byteLength / SLOWEST_UPLOAD_BYTES_PER_MS),
      });
    };
    await this.withToken(async token => {
      const { res, text } = await send(`Bearer ${token}`);
      if (!res.ok) {
        const details = {
          endpoint: label,
          status: res.status,
          statusText: res.statusText,
          clearmlMessage: text.trim().slice(0, 200) || undefined,
        };
        const sentence = `ClearML's file server at ${filesUrl} answered ${res.status} ${res.statusText} to the upload of ${key}`;
        if (res.status === 401 || res.status === 403) {
          throw new ClearmlCredentialsError(
            `${sentence} ${CLEARML_CREDENTIALS_HINT}`,
            details,
          );
        }
        throw new ClearmlApiError(sentence, details);
      }
    });
    return `${filesUrl}/${key}`;
  }

  async getTasks(filter: ClearmlTaskFilter): Promise<ClearmlTaskRecord[]> {
    const data = await this.call<{ tasks?: ClearmlTaskRecord[] }>(
      'tasks.get_all',
      {
        ...(filter.projectIds ? { project: filter.projectIds } : {}),
        ...(filter.ids ? { id: filter.ids } : {}),
        ...(filter.types ? { type: filter.types } : {}),
        ...(filter.systemTags ? { system_tags: filter.systemTags } : {}),
        ...(filter.statuses ? { status: filter.statuses } : {}),
        ...(filter.includeHidden ? { search_hidden: true } : {}),
        only_fields: filter.withProperties
          ? [...TASK_FIELDS, 'hyperparams.properties']
          : TASK_FIELDS,
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
  ): Promise<ClearmlScalarHistogram> {
    return this.call<ClearmlScalarHistogram>(
      'events.scalar_metrics_iter_histogram',
      { task: taskId, samples, key: 'iter' },
    );
  }

  async getModels(
    projectIds: string[],
    limit: number,
  ): Promise<ClearmlModelRecord[]> {
    const data = await this.call<{ models?: ClearmlModelRecord[] }>(
      'models.get_all',
      {
        project: projectIds,
        only_fields: MODEL_FIELDS,
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
  ): Promise<ClearmlPlotEvent[]> {
    const data = await this.call<{ plots?: ClearmlPlotEvent[] }>(
      'events.get_task_plots',
      { task: taskId, iters: 1, metrics: [{ metric }], no_scroll: true },
    );
    // Older servers ignore the metric filter: filter again here.
    return (data.plots ?? []).filter(p => p.metric === metric);
  }

  /**
   * `POST <apiUrl>/<endpoint>` with `body`, logged in; answers the envelope's `data`. The typed calls above
   * go through it; it is public for a call the interface does not have yet (add it there when a plugin
   * needs it). Only `<service>.<action>` names are accepted, and not `auth.login`.
   */
  async call<T>(endpoint: ClearmlEndpoint, body: object = {}): Promise<T> {
    if (!ENDPOINT.test(endpoint) || endpoint === 'auth.login') {
      throw new TypeError(
        `"${endpoint}" is not a ClearML API call of the form <service>.<action>`,
      );
    }
    return this.withToken(token =>
      this.post<T>(endpoint, body, `Bearer ${token}`),
    );
  }

  /**
   * Runs `fn` with the current token; when ClearML answers 401 to it (revoked, or the server
   * restarted) logs in again, once, and runs `fn` again.
   */
  private async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const token = await this.currentToken();
    try {
      return await fn(token);
    } catch (error) {
      if (!(error instanceof ClearmlCredentialsError) || error.status !== 401) {
        throw error;
      }
      // Another call may have renewed the token meanwhile; only drop the token this call used.
      if (this.token?.value === token) {
        this.token = undefined;
      }
      return await fn(await this.currentToken());
    }
  }

  /** `call` for a call that answers the id of what it created. */
  private async createdId(
    endpoint: ClearmlEndpoint,
    body: object,
  ): Promise<string> {
    const data = await this.call<{ id?: unknown }>(endpoint, body);
    if (typeof data.id !== 'string' || !data.id) {
      throw new ClearmlApiError(`ClearML ${endpoint} answered without an id`, {
        endpoint,
        status: 200,
        statusText: 'OK',
      });
    }
    return data.id;
  }

  /**
   * One POST within `clearml.timeoutMs` (or `init.timeoutMs`), the answer read whole; no connection or
   * no full answer in time is a `ClearmlUnreachableError` naming `server` and `label`.
   */
  private async send(
    server: string,
    url: string,
    label: string,
    init: {
      body: string | FormData;
      authorization: string;
      timeoutMs?: number;
    },
  ): Promise<{ res: Response; text: string }> {
    const timeoutMs = init.timeoutMs ?? this.options.timeoutMs;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          ...(typeof init.body === 'string'
            ? { 'Content-Type': 'application/json' }
            : {}),
          authorization: init.authorization,
        },
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The timeout covers the whole answer, body included.
      return { res, text: await res.text() };
    } catch (error) {
      if (isTimeout(error)) {
        throw new ClearmlUnreachableError(
          `ClearML at ${server} did not answer ${label} within ${timeoutMs} ms`,
          label,
          true,
        );
      }
      const e = error as Error;
      const reason = (e.cause as Error | undefined)?.message ?? e.message;
      throw new ClearmlUnreachableError(
        `ClearML at ${server} is unreachable (${label}): ${reason}`,
        label,
        false,
      );
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
    const { accessKey, secretKey } = this.options;
    const basic = Buffer.from(`${accessKey}:${secretKey}`).toString('base64');
    const data = await this.post<{ token?: unknown }>(
      'auth.login',
      {},
      `Basic ${basic}`,
    );
    if (typeof data.token !== 'string' || !data.token) {
      throw new ClearmlApiError('ClearML auth.login answered without a token', {
        endpoint: 'auth.login',
        status: 200,
        statusText: 'OK',
      });
    }
    this.token = { value: data.token, expiresAt: tokenExpiry(data.token) };
    return data.token;
  }

  private async post<T>(
    endpoint: string,
    body: object,
    authorization: string,
  ): Promise<T> {
    const { apiUrl } = this.options;
    const { res, text } = await this.send(
      apiUrl,
      `${apiUrl}/${endpoint}`,
      endpoint,
      { body: JSON.stringify(body), authorization },
    );

    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      envelope = undefined;
    }
    const clearmlMessage =
      typeof envelope?.meta?.result_msg === 'string'
        ? envelope.meta.result_msg
        : undefined;
    const resultCode =
      typeof envelope?.meta?.result_code === 'number'
        ? envelope.meta.result_code
        : undefined;

    if (!res.ok) {
      const details = {
        endpoint,
        status: res.status,
        statusText: res.statusText,
        resultCode,
        clearmlMessage,
      };
      const sentence = `ClearML ${endpoint} answered ${res.status} ${
        res.statusText
      }${clearmlMessage ? `: ${clearmlMessage}` : ''}`;
      if (res.status === 401 || res.status === 403) {
        throw new ClearmlCredentialsError(
          `${sentence} ${CLEARML_CREDENTIALS_HINT}`,
          details,
        );
      }
      throw new ClearmlApiError(sentence, details);
    }
    if (!envelope || typeof envelope !== 'object') {
      throw new ClearmlApiError(
        `ClearML ${endpoint} answered with something that is not JSON`,
        { endpoint, status: res.status, statusText: res.statusText },
      );
    }
    const code = resultCode ?? 200;
    if (code !== 200 || envelope.data === undefined) {
      throw new ClearmlApiError(
        `ClearML ${endpoint} failed with result code ${code}: ${
          clearmlMessage ?? 'no data in the answer'
        }`,
        {
          endpoint,
          status: res.status,
          statusText: res.statusText,
          resultCode,
          clearmlMessage,
        },
      );
    }
    return envelope.data;
  }
}
