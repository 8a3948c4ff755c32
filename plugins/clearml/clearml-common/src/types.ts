/**
 * A ClearML task's status, as ClearML names it.
 *
 * @public
 */
export type ClearmlTaskStatus =
  | 'created'
  | 'queued'
  | 'in_progress'
  | 'stopped'
  | 'published'
  | 'publishing'
  | 'closed'
  | 'failed'
  | 'completed'
  | 'unknown';

/**
 * The last reported value of one scalar (metric and variant, for example `loss` / `validation`).
 *
 * @public
 */
export interface ClearmlMetricValue {
  metric: string;
  variant: string;
  value: number;
  min?: number;
  max?: number;
}

/**
 * The ClearML project an entity names, with its page in the ClearML web app.
 *
 * @public
 */
export interface ClearmlProjectSummary {
  id: string;
  name: string;
  webUrl: string;
}

/**
 * One experiment (a ClearML task) of a project.
 *
 * @public
 */
export interface ClearmlExperiment {
  id: string;
  name: string;
  status: ClearmlTaskStatus;
  /** ISO timestamps, when ClearML has them. */
  started?: string;
  completed?: string;
  lastUpdate?: string;
  /** Seconds from start to completion (or to the last update while it runs). */
  durationSeconds?: number;
  lastMetrics: ClearmlMetricValue[];
  tags: string[];
  webUrl: string;
}

/**
 * `GET /experiments?entityRef=`: a project's experiments, newest first.
 *
 * @public
 */
export interface ClearmlExperimentsResponse {
  project: ClearmlProjectSummary;
  experiments: ClearmlExperiment[];
}

/**
 * One point of a scalar's history.
 *
 * @public
 */
export interface ClearmlMetricPoint {
  iteration: number;
  value: number;
}

/**
 * One scalar's series.
 *
 * @public
 */
export interface ClearmlMetricSeries {
  metric: string;
  variant: string;
  points: ClearmlMetricPoint[];
}

/**
 * `GET /experiments/:id/metrics?entityRef=`: an experiment's scalar histories.
 *
 * @public
 */
export interface ClearmlMetricHistoryResponse {
  experimentId: string;
  series: ClearmlMetricSeries[];
}

/**
 * One model in ClearML's model registry.
 *
 * @public
 */
export interface ClearmlModel {
  id: string;
  name: string;
  framework?: string;
  /** Published (ready) models are frozen. */
  ready: boolean;
  created?: string;
  experimentId?: string;
  tags: string[];
  webUrl: string;
}

/**
 * `GET /models?entityRef=`.
 *
 * @public
 */
export interface ClearmlModelsResponse {
  project: ClearmlProjectSummary;
  models: ClearmlModel[];
}

/**
 * One version of a ClearML Data dataset.
 *
 * @public
 */
export interface ClearmlDatasetVersion {
  id: string;
  /** The dataset's name (its versions share it). */
  name: string;
  version?: string;
  status: ClearmlTaskStatus;
  created?: string;
  tags: string[];
  webUrl: string;
}

/**
 * `GET /datasets?entityRef=`.
 *
 * @public
 */
export interface ClearmlDatasetsResponse {
  project: ClearmlProjectSummary;
  datasets: ClearmlDatasetVersion[];
}

/**
 * One cell of a dataset preview: what a CSV, TSV or Parquet cell reads as.
 *
 * @public
 */
export type ClearmlDatasetPreviewValue = string | number | boolean | null;

/**
 * A column of a dataset preview; `number` when every non-empty value in the preview is a number.
 *
 * @public
 */
export interface ClearmlDatasetPreviewColumn {
  name: string;
  type: 'number' | 'string';
}

/**
 * `GET /datasets/:id/preview?entityRef=`: the first rows of one table of a dataset version, as ClearML Data
 * reported them when the version was finalized (its "Tables" preview). `columns` and `rows` are empty when
 * the version has no tabular preview.
 *
 * @public
 */
export interface ClearmlDatasetPreviewResponse {
  dataset: ClearmlDatasetVersion;
  columns: ClearmlDatasetPreviewColumn[];
  rows: Array<Record<string, ClearmlDatasetPreviewValue>>;
}
