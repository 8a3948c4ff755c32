/** The atomic catalog's keys (from its common package) and the levels a project may start from. */
export {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS,
  TASKS_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';

/** The levels the Python component library publishes, as a tuple for the action's input schema. */
export const LEVELS = ['atom', 'molecule', 'organism'] as const;
