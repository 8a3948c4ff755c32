import {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  Level,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS_ANNOTATION,
  isLevel,
  parseTasks,
} from './model';

/**
 * The part of a catalog entity the atomic catalog reads (structurally compatible with Backstage's
 * `Entity`, so that backend and frontend pass their entities as they are).
 */
export type AtomicEntity = {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    tags?: string[];
  };
  spec?: { [key: string]: unknown };
};

/** Whether the atomic catalog's rules apply: the entity carries the level label. */
export function isAtomicEntity(entity: AtomicEntity): boolean {
  return entity.metadata.labels?.[LEVEL_LABEL] !== undefined;
}

/** The entity's level, or undefined when the label is missing or unknown. */
export function levelOf(entity: AtomicEntity): Level | undefined {
  const value = entity.metadata.labels?.[LEVEL_LABEL];
  return isLevel(value) ? value : undefined;
}

/** A part other projects can use: an entity of any atomic level but a project (page). */
export function isReusablePart(entity: AtomicEntity): boolean {
  const level = levelOf(entity);
  return level !== undefined && level !== 'page';
}

/** The tasks of the entity's tasks annotation, as written (known or not); empty when it has none. */
export function tasksOf(entity: AtomicEntity): string[] {
  return parseTasks(entity.metadata.annotations?.[TASKS_ANNOTATION]);
}

/** The entity's category label, as written (known or not). */
export function categoryOf(entity: AtomicEntity): string | undefined {
  return entity.metadata.labels?.[CATEGORY_LABEL];
}

/** The library version pinned by the python-package annotation (`mlops-components==0.1.0` -> `0.1.0`). */
export function libraryVersionOf(entity: AtomicEntity): string | undefined {
  const requirement = entity.metadata.annotations?.[PYTHON_PACKAGE_ANNOTATION];
  return requirement?.match(/==\s*([^\s;,]+)/)?.[1];
}

/** The `spec.dependsOn` entries of an entity, as written. */
export function dependsOnOf(entity: AtomicEntity): string[] {
  const value = entity.spec?.dependsOn;
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}
