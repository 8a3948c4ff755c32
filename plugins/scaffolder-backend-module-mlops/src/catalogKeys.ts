/**
 * The labels and annotations the component library's generator writes on each component entity
 * (see components/mlops_components/catalog.py).
 */
export const LEVEL_LABEL = 'mlops-portal.io/level';
export const CATEGORY_LABEL = 'mlops-portal.io/category';
/** Comma-separated tasks, for example `forecasting,anomaly-detection`. */
export const TASKS_ANNOTATION = 'mlops-portal.io/tasks';
/** The pip requirement that provides the component, for example `mlops-components==0.1.0`. */
export const PYTHON_PACKAGE_ANNOTATION = 'mlops-portal.io/python-package';
/** Annotation the generated project carries to name its ClearML project. */
export const CLEARML_PROJECT_ANNOTATION = 'clear.ml/project-name';

export const TASKS = [
  'forecasting',
  'classification',
  'anomaly-detection',
] as const;
export type Task = (typeof TASKS)[number];
export const LEVELS = ['atom', 'molecule', 'organism'] as const;
