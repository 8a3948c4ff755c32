import { Entity } from '@backstage/catalog-model';
import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';

/** The label that holds a component's atomic level (atom, molecule, organism, ...). */
export const LEVEL_LABEL = 'mlops-portal.io/level';
/** The annotation that holds a component's tasks, comma-separated. */
export const TASKS_ANNOTATION = 'mlops-portal.io/tasks';

/**
 * How a task is written in the search index and in search filters: one word, letters and digits only
 * (`anomaly-detection` becomes `anomalydetection`). The in-process (Lunr) engine splits a filter value at
 * every other character but keeps the items of an array field whole, so a value with a hyphen or an
 * underscore could never match itself there; PostgreSQL's engine matches array items exactly.
 */
export function taskSearchValue(task: string): string {
  return task.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * The fields a catalog search result carries on top of Backstage's defaults: the entity's name (so that
 * `theta` finds `ThetaForecaster`), its atomic level and its tasks. Every document has every field, even
 * when empty, because the in-process engine takes its fields from the first document it indexes.
 */
export const portalCatalogEntityTransformer: CatalogCollatorEntityTransformer =
  (entity: Entity) => {
    const level = entity.metadata.labels?.[LEVEL_LABEL] ?? '';
    const tasks = (entity.metadata.annotations?.[TASKS_ANNOTATION] ?? '')
      .split(',')
      .map(taskSearchValue)
      .filter(Boolean);
    return {
      ...defaultCatalogCollatorEntityTransformer(entity),
      name: entity.metadata.name,
      level: level.trim().toLowerCase(),
      tasks,
    };
  };
