import {
  ALLOWED_PARTS,
  BUILT_FROM_ANNOTATION,
  TEMPLATE_ANNOTATION,
  CATEGORIES,
  CATEGORY_LABEL,
  LEVEL_LABEL,
  LEVELS,
  Level,
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS,
  TASKS_ANNOTATION,
  componentTypeFor,
  isCategory,
  isLevel,
  isLibraryLevel,
  isTask,
  mayBeBuiltFrom,
} from './model';
import {
  AtomicEntity,
  categoryOf,
  isAtomicEntity,
  levelOf,
  tasksOf,
} from './entity';

/** The rules of the atomic catalog, one id each; a violation names the rule it breaks. */
export const RULES = {
  knownLevel: 'known-level',
  knownTask: 'known-task',
  knownCategory: 'known-category',
  requiredAnnotation: 'required-annotation',
  typeMatchesLevel: 'type-matches-level',
  tagsListTasks: 'tags-list-tasks',
  validDependencyRef: 'valid-dependency-ref',
  dependencyExists: 'dependency-exists',
  dependencyLevel: 'dependency-level',
} as const;
export type RuleId = (typeof RULES)[keyof typeof RULES];

/**
 * One broken rule: `message` says what is wrong, naming the entity and the rule; `fix` says what to
 * change. `violationText` joins them into one text for logs.
 */
export type Violation = {
  rule: RuleId;
  message: string;
  fix: string;
};

/** A violation in one text: `<message> Fix: <fix>` (as logs and messages show it). */
export function violationText(violation: { message: string; fix: string }) {
  return `${violation.message} Fix: ${violation.fix}`;
}

/** What is known of a `dependsOn` target: its level, `null` when it has none, `undefined` when it is not in the catalog. */
export type TargetLevel = Level | null | undefined;

export function entityDisplayRef(entity: AtomicEntity): string {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function list(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'nothing';
}

/** A library component lacks a label or annotation it needs (`key` is "label <key>" or "annotation <key>"). */
function missingKey(
  ref: string,
  level: Level,
  key: string,
  fix: string,
): Violation {
  return {
    rule: RULES.requiredAnnotation,
    message: `${ref}: ${article(level)} ${level} needs the ${key} (rule ${
      RULES.requiredAnnotation
    }).`,
    fix,
  };
}

/**
 * The rules an entity can be checked against on its own: a known level, known tasks and category,
 * the annotations a library component needs, its `spec.type` and its tags.
 */
export function entityViolations(entity: AtomicEntity): Violation[] {
  if (!isAtomicEntity(entity)) {
    return [];
  }
  const ref = entityDisplayRef(entity);
  const labels = entity.metadata.labels ?? {};
  const annotations = entity.metadata.annotations ?? {};
  const violations: Violation[] = [];

  const level = labels[LEVEL_LABEL];
  if (!isLevel(level)) {
    violations.push({
      rule: RULES.knownLevel,
      message: `${ref}: label ${LEVEL_LABEL} is "${level}", which is not a level of the atomic catalog (rule ${RULES.knownLevel}).`,
      fix: `set it to one of ${LEVELS.join(', ')}.`,
    });
    return violations;
  }
  const isLibraryComponent = isLibraryLevel(level);

  const tasks = tasksOf(entity);
  if (tasks.length === 0) {
    if (isLibraryComponent) {
      violations.push(
        missingKey(
          ref,
          level,
          `annotation ${TASKS_ANNOTATION}`,
          `add it with the tasks it serves, comma-separated, from ${TASKS.join(
            ', ',
          )}.`,
        ),
      );
    }
  } else {
    for (const task of tasks.filter(t => !isTask(t))) {
      violations.push({
        rule: RULES.knownTask,
        message: `${ref}: task "${task}" in ${TASKS_ANNOTATION} is not a task of the atomic catalog (rule ${RULES.knownTask}).`,
        fix: `use only ${TASKS.join(', ')}.`,
      });
    }
  }

  const category = categoryOf(entity);
  if (category === undefined) {
    if (isLibraryComponent) {
      violations.push(
        missingKey(
          ref,
          level,
          `label ${CATEGORY_LABEL}`,
          `add it with one of ${CATEGORIES.join(', ')}.`,
        ),
      );
    }
  } else if (!isCategory(category)) {
    violations.push({
      rule: RULES.knownCategory,
      message: `${ref}: label ${CATEGORY_LABEL} is "${category}", which is not a category of the atomic catalog (rule ${RULES.knownCategory}).`,
      fix: `set it to one of ${CATEGORIES.join(', ')}.`,
    });
  }

  if (isLibraryComponent) {
    for (const key of [PYTHON_IMPORT_ANNOTATION, PYTHON_PACKAGE_ANNOTATION]) {
      if (!annotations[key]?.trim()) {
        violations.push(
          missingKey(
            ref,
            level,
            `annotation ${key}`,
            `add it, ${
              key === PYTHON_IMPORT_ANNOTATION
                ? 'for example "from mlops_components.atoms.x import X"'
                : 'for example "mlops-components==0.1.0"'
            }, or regenerate the entity with "cd components && make catalog".`,
          ),
        );
      }
    }
    const type = entity.spec?.type;
    if (
      entity.kind.toLocaleLowerCase('en-US') === 'component' &&
      type !== componentTypeFor(level)
    ) {
      violations.push({
        rule: RULES.typeMatchesLevel,
        message: `${ref}: spec.type is "${String(
          type,
        )}" but the level is ${level} (rule ${RULES.typeMatchesLevel}).`,
        fix: `set spec.type to ${componentTypeFor(level)}.`,
      });
    }
    // The Components page filters by task and category through tags, which the catalog can facet.
    const tags = entity.metadata.tags ?? [];
    const missing = tasks.filter(t => isTask(t) && !tags.includes(t));
    if (isCategory(category) && !tags.includes(category)) {
      missing.push(category);
    }
    if (missing.length) {
      violations.push({
        rule: RULES.tagsListTasks,
        message: `${ref}: metadata.tags lacks ${missing.join(', ')} (rule ${
          RULES.tagsListTasks
        }: the tags repeat the tasks and the category so the Components page can filter on them).`,
        fix: `add ${missing.join(', ')} to metadata.tags.`,
      });
    }
  }
  return violations;
}

/**
 * The rule on one `dependsOn` target: it must exist and its level must come before the entity's own
 * (see ALLOWED_PARTS). `target` is the target's entity ref as written; `targetLevel` what the catalog
 * knows of it.
 */
export function dependencyViolation(
  entity: AtomicEntity,
  target: string,
  targetLevel: TargetLevel,
  field: string = 'spec.dependsOn',
): Violation | undefined {
  const level = levelOf(entity);
  if (!level) {
    return undefined; // reported by the known-level rule
  }
  const ref = entityDisplayRef(entity);
  if (targetLevel === undefined) {
    return {
      rule: RULES.dependencyExists,
      message: `${ref}: ${field} names ${target}, which is not in the catalog (rule ${RULES.dependencyExists}).`,
      fix: `register ${target} or remove it from ${field}.`,
    };
  }
  const allowed = ALLOWED_PARTS[level];
  if (targetLevel === null) {
    if (level === 'page') {
      return undefined; // a project may also use things outside the atomic catalog
    }
    return {
      rule: RULES.dependencyLevel,
      message: `${ref}: ${article(level)} ${level} may be built from ${list(
        allowed,
      )}, but ${field} names ${target}, which has no ${LEVEL_LABEL} label (rule ${
        RULES.dependencyLevel
      }).`,
      fix: `${
        allowed.length
          ? `depend only on ${list(
              allowed,
            )} entities, or give ${target} its level label`
          : `remove ${field}: an atom depends on nothing`
      }.`,
    };
  }
  if (mayBeBuiltFrom(level, targetLevel)) {
    return undefined;
  }
  const above = levelAbove(targetLevel);
  let fix: string;
  if (!allowed.length) {
    fix = `remove ${field}: an atom depends on nothing; if it needs other components it is a molecule`;
  } else if (above && LEVELS.indexOf(above) > LEVELS.indexOf(level)) {
    fix = `remove ${target} from ${field}, or make this entity a higher level (for example ${above})`;
  } else {
    fix = `replace ${target} in ${field} with the ${list(
      allowed,
    )} that uses it`;
  }
  return {
    rule: RULES.dependencyLevel,
    message: `${ref}: ${article(level)} ${level} may be built from ${list(
      allowed,
    )}, but ${field} names the ${targetLevel} ${target} (rule ${
      RULES.dependencyLevel
    }).`,
    fix: `${fix}.`,
  };
}

/** The smallest level that may be built from `level`. */
export function levelAbove(level: Level): Level | undefined {
  return LEVELS.find(l => ALLOWED_PARTS[l].includes(level));
}

/**
 * The parts an entity names in annotations, for kinds without `spec.dependsOn`: a Template's
 * `mlops-portal.io/built-from` (comma-separated entity refs) and a project's `mlops-portal.io/template`
 * (the template it was created from), each with the field that names it.
 */
export function annotatedPartsOf(entity: AtomicEntity): Array<{
  field: string;
  target: string;
}> {
  const annotations = entity.metadata.annotations ?? {};
  const parts: Array<{ field: string; target: string }> = [];
  for (const key of [BUILT_FROM_ANNOTATION, TEMPLATE_ANNOTATION]) {
    for (const target of (annotations[key] ?? '').split(',')) {
      if (target.trim()) {
        parts.push({ field: `annotation ${key}`, target: target.trim() });
      }
    }
  }
  return parts;
}
