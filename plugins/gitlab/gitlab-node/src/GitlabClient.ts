import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';

/** A GitLab group or user namespace (`GET /namespaces/:path`). */
export interface GitlabNamespace {
  id: number;
  full_path: string;
}

/** A GitLab project (`GET /projects/:path`). */
export interface GitlabProject {
  id: number;
  path_with_namespace: string;
  web_url: string;
  /** The clone address over HTTP(S). */
  http_url_to_repo: string;
}

/** A branch as `GET /projects/:id/repository/branches/:branch` answers it. */
export interface GitlabBranch {
  name: string;
  commit: { id: string };
}

/** A group as `GET /groups` answers it. */
export interface GitlabGroup {
  id: number;
  name: string;
  full_path: string;
  web_url: string;
}

/**
 * A pipeline as `GET /projects/:id/pipelines` answers it. `status` is GitLab's word (`created`,
 * `pending`, `running`, `success`, `failed`, `canceled`, `skipped`, `manual`, `scheduled`, …).
 */
export interface GitlabPipeline {
  id: number;
  status: string;
  ref: string;
  web_url: string;
  created_at: string;
}

/** A job as `GET /projects/:id/pipelines/:pipeline_id/jobs` answers it. */
export interface GitlabJob {
  id: number;
  name: string;
  stage: string;
  status: string;
  /** Whether it may fail without failing the pipeline (manual jobs are, unless told otherwise). */
  allow_failure?: boolean;
  web_url: string;
}

/**
 * A CI/CD variable of a project, to set with `setProjectVariable`. Its value is never logged and never
 * put in an error's sentence.
 */
export interface GitlabVariableInput {
  key: string;
  value: string;
  /** Hidden in job logs (GitLab then asks for a value of at least 8 characters, on one line). */
  masked?: boolean;
  /** Given only to pipelines on protected branches and tags. */
  protected?: boolean;
}

/** What every call takes: a signal that ends it early (a task being cancelled). */
export interface GitlabCallOptions {
  signal?: AbortSignal;
}

/** The GitLab REST calls the portal makes, on one host of `integrations.gitlab`, with its token. */
export interface GitlabClient {
  /** The host as in `integrations.gitlab[].host`. */
  readonly host: string;
  /** The web address (`integrations.gitlab[].baseUrl`). */
  readonly baseUrl: string;
  /** Where a project of this path is (or will be) in GitLab's web app. */
  projectWebUrl(path: string): string;
  /** Checks that GitLab answers and accepts the token (`GET /user`). */
  checkToken(options?: GitlabCallOptions): Promise<void>;
  /** The group or user at this path, or undefined when there is none the token can see. */
  getNamespace(
    path: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabNamespace | undefined>;
  /** The project at `<group>/<name>`, or undefined when there is none the token can see. */
  getProject(
    path: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabProject | undefined>;
  /** The groups the token may create projects in (Developer or more), by path. */
  listGroups(options?: GitlabCallOptions): Promise<GitlabGroup[]>;
  /** A branch of a project; undefined when there is none (an empty repository has no branch). */
  getBranch(
    project: string,
    branch: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabBranch | undefined>;
  /** The newest pipeline of a ref, or undefined when it has none. */
  getLatestPipeline(
    project: string,
    ref: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabPipeline | undefined>;
  /** The jobs of a pipeline, in the order GitLab lists them. */
  listJobs(
    project: string,
    pipelineId: number,
    options?: GitlabCallOptions,
  ): Promise<GitlabJob[]>;
  /** A file of the repository at a ref, as bytes, or undefined when there is none. */
  getFile(
    project: string,
    filePath: string,
    ref: string,
    options?: GitlabCallOptions,
  ): Promise<Buffer | undefined>;
  /** A file of a job's artifacts, or undefined when the job kept no such file. */
  getJobArtifact(
    project: string,
    jobId: number,
    filePath: string,
    options?: GitlabCallOptions,
  ): Promise<string | undefined>;
  /**
   * Creates a CI/CD variable of a project (scope `*`, type `env_var`), or updates the one of that key:
   * setting the same variable twice leaves one. Answers which it did.
   */
  setProjectVariable(
    project: string,
    variable: GitlabVariableInput,
    options?: GitlabCallOptions,
  ): Promise<'created' | 'updated'>;
  /** Starts a pipeline on a branch or tag (`POST /projects/:id/pipeline`, Developer role or more). */
  createPipeline(
    project: string,
    ref: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabPipeline>;
}

/**
 * Calls GitLab's REST API (`integrations.gitlab[].apiBaseUrl`) with the host's token. A failure becomes
 * one `@backstage/errors` error with a sentence that names the host and what was being done, never the
 * token: `NotAllowedError` when GitLab refuses the token (401, 403), `ServiceUnavailableError` when it
 * cannot be reached in time or answers another error status. A 404 is an answer ("there is none"), not
 * a failure.
 *
 * `failureNote` is added to every sentence (for example "nothing was created"), so a caller need not wrap
 * the error a second time to say what its failure means.
 */
export class DefaultGitlabClient implements GitlabClient {
  /**
   * The client for a host of `integrations.gitlab`; an `InputError` when the host is not configured or has
   * no token, before anything is sent anywhere.
   */
  static fromIntegrations(
    integrations: ScmIntegrationRegistry,
    host: string,
    options: { failureNote?: string; timeoutMs?: number } = {},
  ): DefaultGitlabClient {
    const note = options.failureNote ? `; ${options.failureNote}` : '';
    const gitlab = integrations.gitlab.byHost(host);
    if (!gitlab) {
      throw new InputError(
        `${host} is not a GitLab host the portal is configured for (integrations.gitlab)${note}`,
      );
    }
    const { apiBaseUrl, baseUrl, token } = gitlab.config;
    if (!token) {
      throw new InputError(
        `No token is configured for ${host} (integrations.gitlab[].token)${note}`,
      );
    }
    return new DefaultGitlabClient({
      host,
      apiBaseUrl,
      baseUrl,
      token,
      note,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  }

  private constructor(
    private readonly options: {
      host: string;
      apiBaseUrl: string;
      baseUrl: string;
      token: string;
      note: string;
      timeoutMs: number;
    },
  ) {}

  get host(): string {
    return this.options.host;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  projectWebUrl(path: string): string {
    return `${this.options.baseUrl}/${path}`;
  }

  async checkToken(options?: GitlabCallOptions): Promise<void> {
    await this.get('/user', 'checking the token', options);
  }

  async getNamespace(path: string, options?: GitlabCallOptions) {
    return this.json<GitlabNamespace>(
      `/namespaces/${encodeURIComponent(path)}`,
      `looking up the group ${path}`,
      { ...options, notFound: true },
    );
  }

  async getProject(path: string, options?: GitlabCallOptions) {
    return this.json<GitlabProject>(
      `/projects/${encodeURIComponent(path)}`,
      `looking up ${path}`,
      { ...options, notFound: true },
    );
  }

  async getBranch(
    project: string,
    branch: string,
    options?: GitlabCallOptions,
  ) {
    return this.json<GitlabBranch>(
      `${projectPath(project)}/repository/branches/${encodeURIComponent(
        branch,
      )}`,
      `reading the branch ${branch} of ${project}`,
      { ...options, notFound: true },
    );
  }

  async listGroups(options?: GitlabCallOptions) {
    const groups = await this.json<GitlabGroup[]>(
      '/groups?min_access_level=30&per_page=100&order_by=path&sort=asc',
      'reading the groups the portal may create projects in',
      options,
    );
    return groups.sort((a, b) => a.full_path.localeCompare(b.full_path));
  }

  async getLatestPipeline(
    project: string,
    ref: string,
    options?: GitlabCallOptions,
  ) {
    const list = await this.json<GitlabPipeline[]>(
      `${projectPath(project)}/pipelines?ref=${encodeURIComponent(
        ref,
      )}&per_page=1&order_by=id&sort=desc`,
      `reading the pipelines of ${project}`,
      options,
    );
    return list[0];
  }

  async listJobs(
    project: string,
    pipelineId: number,
    options?: GitlabCallOptions,
  ) {
    return this.json<GitlabJob[]>(
      `${projectPath(project)}/pipelines/${pipelineId}/jobs?per_page=100`,
      `reading the jobs of pipeline ${pipelineId} of ${project}`,
      options,
    );
  }

  async getFile(
    project: string,
    filePath: string,
    ref: string,
    options?: GitlabCallOptions,
  ) {
    const res = await this.get(
      `${projectPath(project)}/repository/files/${encodeURIComponent(
        filePath,
      )}/raw?ref=${encodeURIComponent(ref)}`,
      `reading ${filePath} of ${project}`,
      { ...options, notFound: true },
    );
    return res ? Buffer.from(await res.arrayBuffer()) : undefined;
  }

  async getJobArtifact(
    project: string,
    jobId: number,
    filePath: string,
    options?: GitlabCallOptions,
  ) {
    const res = await this.get(
      `${projectPath(project)}/jobs/${jobId}/artifacts/${filePath
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
      `reading ${filePath} of job ${jobId} of ${project}`,
      { ...options, notFound: true },
    );
    return res ? res.text() : undefined;
  }

  async setProjectVariable(
    project: string,
    variable: GitlabVariableInput,
    options?: GitlabCallOptions,
  ): Promise<'created' | 'updated'> {
    const what = `setting the CI/CD variable ${variable.key} of ${project}`;
    const refused = `the portal's token needs the Maintainer role on ${project} to set its CI/CD variables`;
    const body = {
      value: variable.value,
      variable_type: 'env_var',
      masked: variable.masked ?? false,
      protected: variable.protected ?? false,
      raw: true,
    };
    const created = await this.send(
      'POST',
      `${projectPath(project)}/variables`,
      what,
      {
        ...options,
        body: { key: variable.key, environment_scope: '*', ...body },
        refused,
        keep: [400],
        secret: variable.value,
      },
    );
    if (created!.status !== 400) {
      return 'created';
    }
    // GitLab answers 400 {"message":{"key":["(KEY) has already been taken"]}} for an existing key
    const message = await gitlabMessage(created!, variable.value);
    if (!/has already been taken/.test(message)) {
      throw new InputError(
        `GitLab at ${this.options.baseUrl} refused ${what}: ${message}${this.options.note}`,
      );
    }
    await this.send(
      'PUT',
      `${projectPath(project)}/variables/${encodeURIComponent(
        variable.key,
      )}?${encodeURIComponent('filter[environment_scope]')}=*`,
      what,
      { ...options, body, refused, secret: variable.value },
    );
    return 'updated';
  }

  async createPipeline(
    project: string,
    ref: string,
    options?: GitlabCallOptions,
  ): Promise<GitlabPipeline> {
    const res = await this.send(
      'POST',
      `${projectPath(project)}/pipeline?ref=${encodeURIComponent(ref)}`,
      `starting a pipeline on ${ref} of ${project}`,
      {
        ...options,
        refused: `the portal's token needs the Developer role on ${project} to start its pipelines`,
      },
    );
    return (await res!.json()) as GitlabPipeline;
  }

  private async json<T>(
    apiPath: string,
    what: string,
    options: GitlabCallOptions & { notFound: true },
  ): Promise<T | undefined>;
  private async json<T>(
    apiPath: string,
    what: string,
    options?: GitlabCallOptions,
  ): Promise<T>;
  private async json<T>(
    apiPath: string,
    what: string,
    options?: GitlabCallOptions & { notFound?: boolean },
  ): Promise<T | undefined> {
    const res = await this.get(apiPath, what, options);
    return res ? ((await res.json()) as T) : undefined;
  }

  /** One GET; undefined for a 404 when the caller takes "none" for an answer. */
  private async get(
    apiPath: string,
    what: string,
    options: GitlabCallOptions & { notFound?: boolean } = {},
  ): Promise<Response | undefined> {
    return this.send('GET', apiPath, what, options);
  }

  /**
   * One request. Undefined for a 404 when the caller takes "none" for an answer (`notFound`); a status
   * in `keep` is the caller's to read; `refused` says what a 401 or 403 means for this call (the token
   * by default); `secret` (a value sent) is cut out of any message GitLab answers with.
   */
  private async send(
    method: 'GET' | 'POST' | 'PUT',
    apiPath: string,
    what: string,
    options: GitlabCallOptions & {
      notFound?: boolean;
      keep?: number[];
      body?: Record<string, unknown>;
      refused?: string;
      secret?: string;
    } = {},
  ): Promise<Response | undefined> {
    const { apiBaseUrl, baseUrl, host, token, note, timeoutMs } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${apiBaseUrl}${apiPath}`, {
        method,
        headers: {
          'PRIVATE-TOKEN': token,
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal: options.signal
          ? AbortSignal.any([options.signal, timeout])
          : timeout,
      });
    } catch (e) {
      if (options.signal?.aborted) {
        throw e;
      }
      const reason = (e as { cause?: { code?: string; message?: string } })
        .cause;
      const cause = timeout.aborted
        ? `no answer in ${timeoutMs / 1000} s`
        : reason?.code ?? reason?.message;
      throw new ServiceUnavailableError(
        `GitLab at ${baseUrl} is unreachable${
          cause ? ` (${cause})` : ''
        } while ${what}${note}: try again when it is back`,
      );
    }
    if (res.status === 404 && options.notFound) {
      return undefined;
    }
    if (options.keep?.includes(res.status)) {
      return res;
    }
    if (res.status === 401 || res.status === 403) {
      throw new NotAllowedError(
        options.refused && res.status === 403
          ? `GitLab at ${baseUrl} refused ${what} (403): ${options.refused}${note}`
          : `GitLab at ${baseUrl} refused the portal's token (${res.status}) while ${what}: check integrations.gitlab[].token for ${host}${note}`,
      );
    }
    if (method !== 'GET' && (res.status === 400 || res.status === 404)) {
      throw new InputError(
        `GitLab at ${baseUrl} refused ${what}: ${await gitlabMessage(
          res,
          options.secret,
        )}${note}`,
      );
    }
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `GitLab at ${baseUrl} answered ${res.status} ${res.statusText} while ${what}${note}`,
      );
    }
    return res;
  }
}

/**
 * GitLab's own words for a refused request: its `message` (a string, or a field's messages) or `error`,
 * with `secret` (a value the request carried) cut out.
 */
async function gitlabMessage(res: Response, secret?: string): Promise<string> {
  const text = await res.text();
  let words = `${res.status} ${res.statusText}`;
  try {
    const body = JSON.parse(text) as {
      message?: string | Record<string, string[] | string>;
      error?: string;
    };
    if (typeof body.message === 'string') {
      words = body.message;
    } else if (body.message) {
      words = Object.entries(body.message)
        .map(([field, m]) => `${field} ${[m].flat().join(', ')}`)
        .join('; ');
    } else if (body.error) {
      words = body.error;
    }
  } catch {
    // not JSON: the status says it
  }
  return secret ? words.split(secret).join('***') : words;
}

function projectPath(project: string): string {
  return `/projects/${encodeURIComponent(project)}`;
}
