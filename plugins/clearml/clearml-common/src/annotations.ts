import { Entity } from '@backstage/catalog-model';

/**
 * Names the ClearML project that holds an entity's experiments, models and datasets, for example
 * `clear.ml/project-name: sales-forecast`. "Create project" writes it on the generated project's
 * `catalog-info.yaml` (same key as in `@mlops-portal/plugin-scaffolder-backend-module-mlops`).
 *
 * @public
 */
export const CLEARML_PROJECT_ANNOTATION = 'clear.ml/project-name';

/**
 * The ClearML project name an entity names, or undefined when it has none (or only whitespace).
 *
 * @public
 */
export function getClearmlProjectName(entity: Entity): string | undefined {
  const value = entity.metadata.annotations?.[CLEARML_PROJECT_ANNOTATION];
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
