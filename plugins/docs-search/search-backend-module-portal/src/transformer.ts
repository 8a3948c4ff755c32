import { Entity } from '@backstage/catalog-model';
import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';
import {
  LEVEL_LABEL,
  taskSearchValue,
  tasksOf,
} from '@mlops-portal/plugin-atomic-catalog-common';

/**
 * The fields a catalog search result carries on top of Backstage's defaults: the entity's name (so that
 * `theta` finds `ThetaForecaster`), its atomic level and its tasks, spelled as `taskSearchValue` (from
 * the atomic catalog's common package) writes them. Every document has every field, even when empty,
 * because the in-process engine takes its fields from the first document it indexes.
 */
export const portalCatalogEntityTransformer: CatalogCollatorEntityTransformer =
  (entity: Entity) => {
    const level = entity.metadata.labels?.[LEVEL_LABEL] ?? '';
    const tasks = tasksOf(entity).map(taskSearchValue).filter(Boolean);
    return {
      ...defaultCatalogCollatorEntityTransformer(entity),
      name: entity.metadata.name,
      level: level.trim().toLowerCase(),
      tasks,
    };
  };
