import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  Baseline,
  GITLAB_PROJECT_SLUG_ANNOTATION,
  GitlabGroupOption,
  LatestPipeline,
  PipelineStatus,
  ProjectStatus,
} from '@mlops-portal/plugin-project-status-common';
import {
  DefaultGitlabClient,
  GitlabClient,
  gitlabProjectOf,
} from '@mlops-portal/gitlab-node';

/** The generated project's contract: the job, and the report it leaves. */
export const TRAIN_JOB = 'train';
export const BASELINE_REPORT = 'reports/baseline.json';

/** The latest pipeline and first baseline of a catalog entity's GitLab project. */
export interface ProjectStatusService {
  getStatus(entity: Entity): Promise<ProjectStatus>;
  /** The groups of a configured GitLab host that the portal may create projects in. */
  getGroups(host: string): Promise<GitlabGroupOption[]>;
}

/** GitLab's order of badness: a stage shows its worst job. */
const SEVERITY: PipelineStatus[] = [
  'skipped',
  'success',
  'manual',
  'scheduled',
  'created',
  'waiting_for_resource',
  'preparing',
  'pending',
  'running',
  'canceled',
  'failed',
];

function parseBaseline(text: string, jobUrl: string): Baseline | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  if (typeof raw.score !== 'number' || typeof raw.metric !== 'string') {
    return undefined;
  }
  return {
    task: str(raw.task) ?? '',
    metric: raw.metric,
    score: raw.score,
    higherIsBetter: raw.higher_is_better === true,
    model: str(raw.model) ?? '',
    datasetVersion: str(raw.dataset_version),
    datasetUrl: str(raw.dataset_url),
    runUrl: str(raw.run_url),
    jobUrl,
  };
}

/**
 * Reads the status from GitLab with the portal's integration token: the newest pipeline of the branch
 * the entity was registered from, its stages, and the baseline report its `train` job left.
 */
export class DefaultProjectStatusService implements ProjectStatusService {
  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      clientFor?: (host: string) => GitlabClient | undefined;
    },
  ): DefaultProjectStatusService {
    const integrations = ScmIntegrations.fromConfig(config);
    const clientFor =
      deps.clientFor ??
      ((host: string) =>
        integrations.gitlab.byHost(host)
          ? DefaultGitlabClient.fromIntegrations(integrations, host, {
              timeoutMs: 10_000,
            })
          : undefined);
    return new DefaultProjectStatusService(
      integrations,
      clientFor,
      deps.logger,
    );
  }

  private constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly clientFor: (host: string) => GitlabClient | undefined,
    private readonly logger: LoggerService,
  ) {}

  async getGroups(host: string): Promise<GitlabGroupOption[]> {
    const client = this.clientFor(host);
    if (!client) {
      throw new InputError(
        `${host} is not a GitLab host the portal is configured for (integrations.gitlab)`,
      );
    }
    return (await client.listGroups()).map(g => ({
      fullPath: g.full_path,
      name: g.name,
      webUrl: g.web_url,
    }));
  }

  async getStatus(entity: Entity): Promise<ProjectStatus> {
    const project = gitlabProjectOf(entity, this.integrations, {
      slugAnnotation: GITLAB_PROJECT_SLUG_ANNOTATION,
    });
    const client = project && this.clientFor(project.host);
    if (!project || !client) {
      throw new ServiceUnavailableError(
        `${entity.metadata.name} is not a project on a GitLab host the portal is configured for (integrations.gitlab)`,
      );
    }
    const projectUrl = `${client.baseUrl}/${project.path}`;
    const latest = await client.getLatestPipeline(project.path, project.ref);
    if (!latest) {
      return { projectUrl };
    }
    const jobs = await client.listJobs(project.path, latest.id);
    const stages: LatestPipeline['stages'] = [];
    for (const job of jobs) {
      const stage = stages.find(s => s.name === job.stage);
      // GitLab's words for a status are the card's (PipelineStatus)
      const status = job.status as PipelineStatus;
      if (!stage) stages.push({ name: job.stage, status });
      else if (SEVERITY.indexOf(status) > SEVERITY.indexOf(stage.status))
        stage.status = status;
    }
    const pipeline: LatestPipeline = {
      id: latest.id,
      status: latest.status as PipelineStatus,
      ref: latest.ref,
      webUrl: latest.web_url,
      createdAt: latest.created_at,
      stages,
    };
    const train = jobs.find(
      j => j.name === TRAIN_JOB && j.status === 'success',
    );
    if (!train) {
      return { projectUrl, pipeline };
    }
    const report = await client.getJobArtifact(
      project.path,
      train.id,
      BASELINE_REPORT,
    );
    const baseline = report ? parseBaseline(report, train.web_url) : undefined;
    if (report && !baseline) {
      this.logger.warn(
        'The train job left a baseline report the card cannot read',
        {
          project: project.path,
          jobId: train.id,
        },
      );
    }
    return { projectUrl, pipeline, baseline };
  }
}
