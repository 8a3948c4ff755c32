/**
 * What ClearML's REST API answers, as far as the portal reads it. The portal's own response types (what its
 * routes answer the browser) are in `@mlops-portal/plugin-clearml-common`.
 */

/** A project (`projects.get_all`). */
export interface ClearmlProjectRecord {
  id: string;
  name: string;
}

/** A scalar's last value inside a task's `last_metrics` (keyed by metric hash, then variant hash). */
export interface ClearmlLastMetricRecord {
  metric?: string;
  variant?: string;
  value?: number;
  min_value?: number;
  max_value?: number;
}

/** The fields of a task (`tasks.get_all`) the portal asks for. */
export interface ClearmlTaskRecord {
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
  last_metrics?: Record<string, Record<string, ClearmlLastMetricRecord>>;
  /** Only with `withProperties`: the task's user properties (`hyperparams.properties`). */
  hyperparams?: {
    properties?: Record<string, ClearmlParamRecord>;
  };
}

/** One hyperparameter or user property of a task: ClearML keeps every value as text. */
export interface ClearmlParamRecord {
  section?: string;
  name?: string;
  value?: string;
  type?: string;
  description?: string;
}

/** Which tasks `getTasks` asks for; newest update first. */
export interface ClearmlTaskFilter {
  /** Tasks of these projects; without it, of any project (then name the tasks with `ids`). */
  projectIds?: string[];
  ids?: string[];
  types?: string[];
  systemTags?: string[];
  /** Only tasks in these states, for example `completed` and `published`. */
  statuses?: string[];
  /** Also answer the task's user properties (`hyperparams.properties`). */
  withProperties?: boolean;
  includeHidden?: boolean;
  /** At most this many; default 100. */
  limit?: number;
}

/** A model (`models.get_all`). */
export interface ClearmlModelRecord {
  id: string;
  name: string;
  framework?: string;
  ready?: boolean;
  created?: string;
  task?: string;
  tags?: string[];
}

/** `events.scalar_metrics_iter_histogram`: metric → variant → series. */
export type ClearmlScalarHistogram = Record<
  string,
  Record<string, { x?: number[]; y?: number[] }>
>;

/** A plot event (`events.get_task_plots`): `plot_str` is the Plotly figure as JSON text. */
export interface ClearmlPlotEvent {
  metric?: string;
  variant?: string;
  iter?: number;
  plot_str?: string;
}

/** A task artifact (`tasks.add_or_update_artifacts`): what the web app lists under the task's Artifacts. */
export interface ClearmlArtifact {
  /** The artifact's name on the task, for example `state` or `data` for a dataset version. */
  key: string;
  /** ClearML's type of the artifact, for example `dict` or `custom`. */
  type: string;
  mode?: 'input' | 'output';
  /** Where the content is, for example on the file server. */
  uri?: string;
  content_size?: number;
  /** SHA-256 of the content, hex. */
  hash?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  type_data?: { preview?: string; content_type?: string; data_hash?: string };
  /** Key/value pairs shown with the artifact (ClearML keeps the values as text). */
  display_data?: Array<[string, string]>;
}

/** What a new task is (`tasks.create`). */
export interface ClearmlNewTask {
  name: string;
  /** ClearML's task type, for example `training` or `data_processing`. */
  type: string;
  projectId: string;
  tags?: string[];
  systemTags?: string[];
  comment?: string;
}

/** Fields of a task to change (`tasks.edit`); only a task not started yet can be edited. */
export interface ClearmlTaskEdit {
  /** ClearML's runtime mapping, for example a dataset version's `version` and file counts. */
  runtime?: Record<string, unknown>;
  /** Hyperparameters by section; user properties are the section `properties`. */
  hyperparams?: Record<string, Record<string, ClearmlParamRecord>>;
}
