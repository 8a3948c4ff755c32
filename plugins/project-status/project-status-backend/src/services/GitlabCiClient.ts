import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { GitLabIntegrationConfig } from '@backstage/integration';
import { PipelineStatus } from '@mlops-portal/plugin-project-status-common';

/** A pipeline as `GET /projects/:id/pipelines` answers it. */
export interface GitlabPipeline {
  id: number;
  status: PipelineStatus;
  ref: string;
  web_url: string;
  created_at: string;
}

/** A job as `GET /projects/:id/pipelines/:pipeline_id/jobs` answers it. */
export interface GitlabJob {
  id: number;
  name: string;
  stage: string;
  status: PipelineStatus;
  web_url: string;
}

/** A group as `GET /groups` answers it. */
export interface GitlabGroup {
  id: number;
  name: string;
  full_path: string;
  web_url: string;
}

/** The read-only GitLab calls of the portal's project pages, on one host of `integrations.gitlab`. */
export interface GitlabCiClient {
  readonly baseUrl: string;
  /** The groups the portal's token may create projects in (Developer or more), by path. */
  groups(): Promise<GitlabGroup[]>;
  /** The newest pipeline of a ref, or undefined when it has none. */
  latestPipeline(
    project: string,
    ref: string,
  ): Promise<GitlabPipeline | undefined>;
  /** The jobs of a pipeline, in the order GitLab lists them. */
  jobs(project: string, pipelineId: number): Promise<GitlabJob[]>;
  /** A file of a job's artifacts, or undefined when the job kept no such file. */
  artifact(
    project: string,
    jobId: number,
    filePath: string,
  ): Promise<string | undefined>;
}

/**
 * Calls GitLab's REST API with the integration's token. A failure is one error whose sentence names
 * the host and what was being read, never the token.
 */
export class DefaultGitlabCiClient implements GitlabCiClient {
  static fromIntegration(
    config: GitLabIntegrationConfig,
    options: { timeoutMs?: number } = {},
  ): DefaultGitlabCiClient {
    return new DefaultGitlabCiClient(config, options.timeoutMs ?? 10_000);
  }

  private constructor(
    private readonly config: GitLabIntegrationConfig,
    private readonly timeoutMs: number,
  ) {}

  get baseUrl(): string {
    return this.config.baseUrl;
  }

  async groups() {
    const res = await this.get(
      '/groups?min_access_level=30&per_page=100&order_by=path&sort=asc',
      'the groups the portal may create projects in',
    );
    const list = (await res.json()) as GitlabGroup[];
    return list.sort((a, b) => a.full_path.localeCompare(b.full_path));
  }

  async latestPipeline(project: string, ref: string) {
    const res = await this.get(
      `/projects/${encodeURIComponent(
        project,
      )}/pipelines?ref=${encodeURIComponent(
        ref,
      )}&per_page=1&order_by=id&sort=desc`,
      `the pipelines of ${project}`,
    );
    const list = (await res.json()) as GitlabPipeline[];
    return list[0];
  }

  async jobs(project: string, pipelineId: number) {
    const res = await this.get(
      `/projects/${encodeURIComponent(
        project,
      )}/pipelines/${pipelineId}/jobs?per_page=100`,
      `the jobs of pipeline ${pipelineId} of ${project}`,
    );
    return (await res.json()) as GitlabJob[];
  }

  async artifact(project: string, jobId: number, filePath: string) {
    const res = await this.get(
      `/projects/${encodeURIComponent(
        project,
      )}/jobs/${jobId}/artifacts/${filePath
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
      `${filePath} of job ${jobId} of ${project}`,
      { notFound: true },
    );
    return res ? res.text() : undefined;
  }

  private async get(apiPath: string, what: string): Promise<Response>;
  private async get(
    apiPath: string,
    what: string,
    options: { notFound: true },
  ): Promise<Response | undefined>;
  private async get(
    apiPath: string,
    what: string,
    options: { notFound?: boolean } = {},
  ): Promise<Response | undefined> {
    const { apiBaseUrl, baseUrl, token } = this.config;
    let res: Response;
    try {
      res = await fetch(`${apiBaseUrl}${apiPath}`, {
        headers: token ? { 'PRIVATE-TOKEN': token } : {},
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new ServiceUnavailableError(
        `GitLab at ${baseUrl} is unreachable${
          cause ? ` (${cause})` : ''
        } while reading ${what}`,
      );
    }
    if (res.status === 404 && options.notFound) {
      return undefined;
    }
    if (res.status === 401 || res.status === 403) {
      throw new NotAllowedError(
        `GitLab at ${baseUrl} refused the portal's token (${res.status}) while reading ${what}`,
      );
    }
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `GitLab at ${baseUrl} answered ${res.status} ${res.statusText} while reading ${what}`,
      );
    }
    return res;
  }
}
