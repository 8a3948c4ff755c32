/**
 * A project's status in the portal: what `GET /api/project-status/status?entityRef=` answers.
 *
 * @packageDocumentation
 */

/** A pipeline's or job's status, as GitLab names it. */
export type PipelineStatus =
  | 'created'
  | 'waiting_for_resource'
  | 'preparing'
  | 'pending'
  | 'running'
  | 'success'
  | 'failed'
  | 'canceled'
  | 'skipped'
  | 'manual'
  | 'scheduled';

/** The latest pipeline of the project's default branch. */
export interface LatestPipeline {
  id: number;
  status: PipelineStatus;
  ref: string;
  webUrl: string;
  createdAt: string;
  /** In the order they ran; a stage's status is its worst job's. */
  stages: { name: string; status: PipelineStatus }[];
}

/**
 * The latest baseline: from ClearML when the project's training run was logged there (the newest
 * completed training task of the entity's ClearML project that reported a held-out score), else
 * `reports/baseline.json`, which the `train` job of the default branch leaves as an artifact (the
 * generated project's contract), so that it also shows where no ClearML is configured.
 */
export interface Baseline {
  /** Where it was read. */
  source: 'clearml' | 'gitlab';
  task: string;
  metric: string;
  score: number;
  higherIsBetter: boolean;
  model: string;
  datasetVersion: string | null;
  datasetUrl: string | null;
  /** The run in ClearML's web app, when the run was logged there. */
  runUrl: string | null;
  /** The `train` job of the latest pipeline, when it succeeded (always, for a baseline read from GitLab). */
  jobUrl?: string;
}

/** What the card shows. */
export interface ProjectStatus {
  /** The project in GitLab. */
  projectUrl: string;
  /** Undefined when the default branch has no pipeline yet. */
  pipeline?: LatestPipeline;
  /** Undefined until a `train` job has succeeded and left its report. */
  baseline?: Baseline;
}

/** The annotation that names a project's GitLab path when its location does not (`group/name`). */
export const GITLAB_PROJECT_SLUG_ANNOTATION = 'gitlab.com/project-slug';

/** A GitLab group the portal may create projects in (`GET /api/project-status/gitlab-groups?host=`). */
export interface GitlabGroupOption {
  /** `group` or `group/subgroup`: the value of the wizard's repository `owner`. */
  fullPath: string;
  name: string;
  webUrl: string;
}
