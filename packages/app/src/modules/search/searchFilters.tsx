import { SearchFilter } from '@backstage/plugin-search-react';
import { SearchFilterBlueprint } from '@backstage/plugin-search-react/alpha';
import {
  LIBRARY_LEVELS,
  TASKS,
  TASK_TITLES,
  taskSearchValue,
} from '@mlops-portal/plugin-atomic-catalog-common';

/**
 * The levels of the component library as the search index holds them (the `mlops-portal.io/level`
 * label of a component), one at a time: "Atom", "Molecule", "Organism".
 */
export const levelValues = LIBRARY_LEVELS.map(level => ({
  value: level,
  label: `${level[0].toLocaleUpperCase('en-US')}${level.slice(1)}`,
}));

/**
 * The tasks as the search index holds them: the `mlops-portal.io/tasks` annotation spelled by
 * `taskSearchValue` (letters and digits only, see plugins/docs-search/search-backend-module-portal).
 */
export const taskValues = TASKS.map(task => ({
  value: taskSearchValue(task),
  label: TASK_TITLES[task],
}));

/** A select filter on one field of the search index. */
function selectFilter(
  label: string,
  name: string,
  values: { value: string; label: string }[],
) {
  return ({ className }: { className?: string }) => (
    <SearchFilter.Select
      className={className}
      label={label}
      name={name}
      values={values}
    />
  );
}

/** Components of one atomic level. */
export const LevelFilter = selectFilter('Level', 'level', levelValues);

/** Components made for one time-series task. */
export const TaskFilter = selectFilter('Task', 'tasks', taskValues);

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
