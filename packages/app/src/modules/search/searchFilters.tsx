import { SearchFilter } from '@backstage/plugin-search-react';
import { SearchFilterBlueprint } from '@backstage/plugin-search-react/alpha';

/**
 * The atomic levels as the search index holds them (the `mlops-portal.io/level` label of a component).
 */
export const levelValues = [
  { value: 'atom', label: 'Atom' },
  { value: 'molecule', label: 'Molecule' },
  { value: 'organism', label: 'Organism' },
];

/**
 * The tasks as the search index holds them: the `mlops-portal.io/tasks` annotation with underscores for
 * letters and digits only (see plugins/docs-search/search-backend-module-portal).
 */
export const taskValues = [
  { value: 'forecasting', label: 'Forecasting' },
  { value: 'classification', label: 'Classification' },
  { value: 'anomalydetection', label: 'Anomaly detection' },
];

/** Components of one atomic level. */
export const LevelFilter = ({ className }: { className?: string }) => (
  <SearchFilter.Select
    className={className}
    label="Level"
    name="level"
    values={levelValues}
  />
);

/** Components made for one time-series task. */
export const TaskFilter = ({ className }: { className?: string }) => (
  <SearchFilter.Select
    className={className}
    label="Task"
    name="tasks"
    values={taskValues}
  />
);

/** The search page's "Level" filter. */
export const levelFilter = SearchFilterBlueprint.make({
  name: 'level',
  params: { component: LevelFilter },
});

/** The search page's "Task" filter. */
export const taskFilter = SearchFilterBlueprint.make({
  name: 'task',
  params: { component: TaskFilter },
});
