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
 * The first baseline: `reports/baseline.json`, which the `train` job of the default branch leaves as an
 * artifact (the generated project's contract).
 */
export interface Baseline {
  task: string;
  metric: string;
  score: number;
  higherIsBetter: boolean;
  model: string;
  datasetVersion: string | null;
  datasetUrl: string | null;
  /** The run in ClearML, when the run was logged there. */
  runUrl: string | null;
  /** The `train` job whose artifact this is. */
  jobUrl: string;
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
