/**
 * The vocabulary of the atomic catalog: levels, tasks, categories and the keys under which a
 * catalog entity carries them, defined once for every TypeScript package and script of the portal
 * (templates/generate.js included). The Python library defines the same values once, in its registry
 * (components/mlops_components/registry.py), from which its catalog generator writes the entities;
 * `vocabulary.test.ts` fails when the two differ.
 */

/** The prefix of every label and annotation the atomic catalog reads. */
export const ATOMIC_CATALOG_PREFIX = 'mlops-portal.io';

/** Label holding the entity's level (atom, molecule, organism, template or page). */
export const LEVEL_LABEL = `${ATOMIC_CATALOG_PREFIX}/level`;
/** Label holding the component's category (model, metric, ...). */
export const CATEGORY_LABEL = `${ATOMIC_CATALOG_PREFIX}/category`;
/** Annotation holding the tasks, comma-separated (for example `forecasting,anomaly-detection`). */
export const TASKS_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/tasks`;
/** Annotation holding the Python import line, for example `from pkg.mod import Name`. */
export const PYTHON_IMPORT_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/python-import`;
/** Annotation holding the pip requirement, for example `mlops-components==0.1.0`. */
export const PYTHON_PACKAGE_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/python-package`;
/**
 * Annotation listing, comma-separated, the entities a Template is built from (its organisms): a
 * Template has no `spec.dependsOn`. The catalog module turns it into dependsOn/dependencyOf relations.
 */
export const BUILT_FROM_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/built-from`;
/** Annotation of a Template holding the version of the template (templates/tasks.yaml's `version`). */
export const TEMPLATE_VERSION_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/template-version`;
/** Annotation of a project (a page) naming the Template it was created from; also a relation. */
export const TEMPLATE_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/template`;
/**
 * Annotation the catalog module writes on every entity that breaks a rule of the atomic catalog: a
 * JSON list of `{ rule, message, fix }`. Only the processor writes it; a value an author puts in
 * the entity's YAML is removed (see `@mlops-portal/plugin-catalog-backend-module-atomic-components`).
 */
export const RULE_VIOLATIONS_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/rule-violations`;
/** Backstage's annotations that point a component at the TechDocs page that documents it. */
export const TECHDOCS_ENTITY_ANNOTATION = 'backstage.io/techdocs-entity';
export const TECHDOCS_ENTITY_PATH_ANNOTATION =
  'backstage.io/techdocs-entity-path';

/** The five levels of atomic design, from the smallest part to a real project. */
export const LEVELS = [
  'atom',
  'molecule',
  'organism',
  'template',
  'page',
] as const;
export type Level = (typeof LEVELS)[number];

/** The levels the Python component library publishes (`spec.type: ml-<level>`). */
export const LIBRARY_LEVELS = [
  'atom',
  'molecule',
  'organism',
] as const satisfies readonly Level[];
export type LibraryLevel = (typeof LIBRARY_LEVELS)[number];

export const TASKS = [
  'forecasting',
  'classification',
  'anomaly-detection',
] as const;
export type Task = (typeof TASKS)[number];

export const CATEGORIES = [
  'loader',
  'split',
  'preprocessing',
  'feature',
  'baseline',
  'model',
  'detector',
  'metric',
  'pipeline',
  'automl',
  'tracking',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Human titles, for headings and filters. */
export const LEVEL_TITLES: Record<Level, string> = {
  atom: 'Atoms',
  molecule: 'Molecules',
  organism: 'Organisms',
  template: 'Templates',
  page: 'Pages',
};

export const TASK_TITLES: Record<Task, string> = {
  forecasting: 'Forecasting',
  classification: 'Classification',
  'anomaly-detection': 'Anomaly detection',
};

/**
 * What each level may be built from (its `spec.dependsOn` targets): an atom from nothing, a molecule
 * from atoms, an organism from molecules and atoms, a template from organisms, a page (a real
 * project) from whatever it uses.
 */
export const ALLOWED_PARTS: Record<Level, readonly Level[]> = {
  atom: [],
  molecule: ['atom'],
  organism: ['atom', 'molecule'],
  template: ['organism'],
  page: ['atom', 'molecule', 'organism', 'template'],
};

/** A type guard for one list of the vocabulary. */
function isOneOf<T extends string>(values: readonly T[]) {
  return (value: unknown): value is T =>
    typeof value === 'string' && (values as readonly string[]).includes(value);
}

export const isLevel = isOneOf(LEVELS);
/** Whether the level is one the Python component library publishes (atom, molecule, organism). */
export const isLibraryLevel = isOneOf(LIBRARY_LEVELS);
export const isTask = isOneOf(TASKS);
export const isCategory = isOneOf(CATEGORIES);

/** The tasks of a `mlops-portal.io/tasks` annotation value, trimmed, empty entries dropped. */
export function parseTasks(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return value
    .split(',')
    .map(t => t.trim())
    .filter(t => t.length > 0);
}

/**
 * How a task is written in the search index and in search filters: one word, letters and digits only
 * (`anomaly-detection` becomes `anomalydetection`). The in-process (Lunr) engine splits a filter value at
 * every other character but keeps the items of an array field whole, so a value with a hyphen or an
 * underscore could never match itself there; PostgreSQL's engine matches array items exactly.
 */
export function taskSearchValue(task: string): string {
  return task.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The `spec.type` a library component of this level carries. */
export function componentTypeFor(level: Level): string {
  return `ml-${level}`;
}

/** Whether an entity of level `source` may depend on an entity of level `target`. */
export function mayBeBuiltFrom(source: Level, target: Level): boolean {
  return ALLOWED_PARTS[source].includes(target);
}
