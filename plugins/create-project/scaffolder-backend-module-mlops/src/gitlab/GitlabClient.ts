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
}

/** The GitLab REST calls "Create project" makes, on one host of `integrations.gitlab`, with its token. */
export interface GitlabClient {
  /** The host as in `integrations.gitlab[].host`. */
  readonly host: string;
  /** The web address (`integrations.gitlab[].baseUrl`). */
  readonly baseUrl: string;
  /** Where a project of this path is (or will be) in GitLab's web app. */
  projectWebUrl(path: string): string;
  /** Checks that GitLab answers and accepts the token (`GET /user`). */
  checkToken(options?: { signal?: AbortSignal }): Promise<void>;
  /** The group or user at this path, or undefined when there is none the token can see. */
  getNamespace(
    path: string,
    options?: { signal?: AbortSignal },
  ): Promise<GitlabNamespace | undefined>;
  /** The project at `<group>/<name>`, or undefined when there is none the token can see. */
  getProject(
    path: string,
    options?: { signal?: AbortSignal },
  ): Promise<GitlabProject | undefined>;
}

/**
 * Calls GitLab's REST API (`integrations.gitlab[].apiBaseUrl`) with the host's token. A failure becomes
 * one `@backstage/errors` error with a sentence that names the host and what was being done, never the
 * token: `NotAllowedError` when GitLab refuses the token (401, 403), `ServiceUnavailableError` when it
 * cannot be reached or answers another error status. A 404 is an answer ("there is none"), not a failure.
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
    options: { failureNote?: string } = {},
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
    });
  }

  private constructor(
    private readonly options: {
      host: string;
      apiBaseUrl: string;
      baseUrl: string;
      token: string;
      note: string;
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

  async checkToken(options?: { signal?: AbortSignal }): Promise<void> {
    const res = await this.get('/user', options?.signal);
    if (!res.ok) {
      this.fail(res, 'checking the token');
    }
  }

  async getNamespace(
    path: string,
    options?: { signal?: AbortSignal },
  ): Promise<GitlabNamespace | undefined> {
    return this.getOptional(
      `/namespaces/${encodeURIComponent(path)}`,
      `looking up the group ${path}`,
      options?.signal,
    );
  }

  async getProject(
    path: string,
    options?: { signal?: AbortSignal },
  ): Promise<GitlabProject | undefined> {
    return this.getOptional(
      `/projects/${encodeURIComponent(path)}`,
      `looking up ${path}`,
      options?.signal,
    );
  }

  private async getOptional<T>(
    apiPath: string,
    what: string,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    const res = await this.get(apiPath, signal);
    if (res.status === 404) {
      return undefined;
    }
    if (!res.ok) {
      this.fail(res, what);
    }
    return (await res.json()) as T;
  }

  private async get(apiPath: string, signal?: AbortSignal): Promise<Response> {
    const { apiBaseUrl, baseUrl, token, note } = this.options;
    try {
      return await fetch(`${apiBaseUrl}${apiPath}`, {
        headers: { 'PRIVATE-TOKEN': token },
        signal,
      });
    } catch (e) {
      const reason = (e as { cause?: { code?: string; message?: string } })
        .cause;
      const cause = reason?.code ?? reason?.message;
      throw new ServiceUnavailableError(
        `GitLab at ${baseUrl} is unreachable${
          cause ? ` (${cause})` : ''
        }${note}: try again when it is back`,
      );
    }
  }

  private fail(res: Response, what: string): never {
    const { baseUrl, host, note } = this.options;
    if (res.status === 401 || res.status === 403) {
      throw new NotAllowedError(
        `GitLab at ${baseUrl} refused the portal's token (${res.status}) while ${what}: check integrations.gitlab[].token for ${host}${note}`,
      );
    }
    throw new ServiceUnavailableError(
      `GitLab at ${baseUrl} answered ${res.status} ${res.statusText} while ${what}${note}`,
    );
  }
}
