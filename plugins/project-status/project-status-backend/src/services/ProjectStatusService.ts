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
import { getClearmlProjectName } from '@mlops-portal/plugin-clearml-common';
import {
  ClearmlClient,
  ClearmlError,
  DefaultClearmlClient,
  getDatasetVersions,
  heldOutScore,
  taskProperties,
} from '@mlops-portal/plugin-clearml-node';

/** The generated project's contract: the job, and the report it leaves. */
export const TRAIN_JOB = 'train';
export const BASELINE_REPORT = 'reports/baseline.json';

/** Training runs of a ClearML project read for the baseline, newest first. */
const CLEARML_RUNS = 20;

/** The latest pipeline and baseline of a catalog entity's GitLab project (and ClearML project). */
export interface ProjectStatusService {
  /**
   * `withClearml`: whether the user may read ClearML experiments; without it the baseline is the
   * train job's report only.
   */
  getStatus(
    entity: Entity,
    options?: { withClearml?: boolean },
  ): Promise<ProjectStatus>;
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
    source: 'gitlab',
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
      /** ClearML's client; by default the one of the `clearml` config, if it is set. */
      clearml?: ClearmlClient;
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
      deps.clearml ?? DefaultClearmlClient.fromConfig(config),
    );
  }

  private constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly clientFor: (host: string) => GitlabClient | undefined,
    private readonly logger: LoggerService,
    private readonly clearml: ClearmlClient | undefined,
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

  async getStatus(
    entity: Entity,
    options: { withClearml?: boolean } = {},
  ): Promise<ProjectStatus> {
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
    const fromClearml = options.withClearml
      ? await this.clearmlBaseline(entity)
      : undefined;
    const latest = await client.getLatestPipeline(project.path, project.ref);
    if (!latest) {
      return { projectUrl, ...(fromClearml ? { baseline: fromClearml } : {}) };
    }
    const jobs = await client.listJobs(project.path, latest.id);
    // As GitLab shows a stage: its worst job, where a job allowed to fail counts as passed when it failed
    // and not at all while it waits to be started by hand (unless the stage has nothing else)
    const stages: LatestPipeline['stages'] = [];
    for (const name of [...new Set(jobs.map(j => j.stage))]) {
      const ofStage = jobs.filter(j => j.stage === name);
      const counted = ofStage.filter(
        j => !(j.allow_failure && j.status === 'manual'),
      );
      let status: PipelineStatus = 'skipped';
      for (const job of counted.length ? counted : ofStage) {
        // GitLab's words for a status are the card's (PipelineStatus)
        const own = (
          job.allow_failure && job.status === 'failed' ? 'success' : job.status
        ) as PipelineStatus;
        if (SEVERITY.indexOf(own) > SEVERITY.indexOf(status)) status = own;
      }
      stages.push({ name, status });
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
    if (fromClearml) {
      return {
        projectUrl,
        pipeline,
        baseline: train
          ? { ...fromClearml, jobUrl: train.web_url }
          : fromClearml,
      };
    }
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

  /**
   * The newest completed training run of the entity's ClearML project (`clear.ml/project-name`) that
   * reported its held-out score, with a link to it in ClearML's web app; undefined when ClearML is not
   * configured, the entity names no ClearML project, or no run was logged there. ClearML failing is
   * logged and the card falls back to the train job's report.
   */
  private async clearmlBaseline(entity: Entity): Promise<Baseline | undefined> {
    const name = getClearmlProjectName(entity);
    const clearml = this.clearml;
    if (!clearml || !name) return undefined;
    try {
      const project = await clearml.findProject(name);
      if (!project) return undefined;
      const tasks = await clearml.getTasks({
        projectIds: [project.id],
        types: ['training'],
        statuses: ['completed', 'published'],
        withProperties: true,
        limit: CLEARML_RUNS,
      });
      for (const task of tasks) {
        const properties = taskProperties(task);
        const { metric } = properties;
        const score = metric ? heldOutScore(task, metric) : undefined;
        if (!metric || score === undefined) continue;
        const version = properties.dataset_version || null;
        return {
          source: 'clearml',
          task: properties.task ?? '',
          metric,
          score,
          higherIsBetter: properties.higher_is_better === 'true',
          model: properties.winner ?? '',
          datasetVersion: version,
          datasetUrl: version ? await this.datasetUrl(clearml, version) : null,
          runUrl: clearml.links.experiment(project.id, task.id),
        };
      }
      return undefined;
    } catch (error) {
      if (!(error instanceof ClearmlError)) throw error;
      this.logger.warn(
        'ClearML could not be read for the baseline; showing the train job report',
        { clearmlProject: name, reason: error.publicMessage },
      );
      return undefined;
    }
  }

  /** The web page of a ClearML Data version the run used, when the version is one. */
  private async datasetUrl(
    clearml: ClearmlClient,
    version: string,
  ): Promise<string | null> {
    const [dataset] = await getDatasetVersions(clearml, [version]);
    return dataset
      ? clearml.links.dataset(dataset.project ?? '', dataset.id)
      : null;
  }
}
