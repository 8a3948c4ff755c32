import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LEVEL_LABEL } from '@mlops-portal/plugin-atomic-catalog-common';

/** The `spec.type` of a project's Component, as the Create-project templates write it. */
export const PROJECT_TYPE = 'ml-project';
/** The atomic catalog's level of a project (the templates write it as a label). */
export const PROJECT_LEVEL = 'page';

/** What a project's catalog-info.yaml may hold, in one sentence for the messages. */
export const PROJECT_FILE_RULE = `A project's catalog-info.yaml may describe only the project itself: one Component with spec.type ${PROJECT_TYPE}, the label ${LEVEL_LABEL}: ${PROJECT_LEVEL}, in the default namespace, under the name it was registered with`;

function describe(entity: Entity): string {
  const name =
    typeof entity.metadata?.name === 'string' ? entity.metadata.name : '?';
  try {
    return stringifyEntityRef(entity);
  } catch {
    return `${entity.kind ?? 'an entity'} ${name}`;
  }
}

/**
 * Why the entities read from a project's catalog-info.yaml are not just the project: one sentence per
 * problem, none when the file describes exactly one Component of the project type, at the project's
 * level, in the default namespace, named as it was registered (`registeredName`, when the project is
 * already in the catalog).
 */
export function projectFileProblems(
  entities: Entity[],
  registeredName?: string,
): string[] {
  if (entities.length === 0) {
    return ['it describes no entity'];
  }
  const problems: string[] = [];
  if (entities.length > 1) {
    problems.push(
      `it describes ${entities.length} entities (${entities
        .map(describe)
        .join(', ')})`,
    );
  }
  for (const entity of entities) {
    const what = describe(entity);
    if (entity.kind !== 'Component') {
      problems.push(`${what} is a ${entity.kind}, not a Component`);
      continue;
    }
    const type = entity.spec?.type;
    if (type !== PROJECT_TYPE) {
      problems.push(`${what} has spec.type ${type}, not ${PROJECT_TYPE}`);
    }
    const level = entity.metadata.labels?.[LEVEL_LABEL];
    if (level !== PROJECT_LEVEL) {
      problems.push(
        level === undefined
          ? `${what} has no label ${LEVEL_LABEL}: ${PROJECT_LEVEL}`
          : `${what} has the label ${LEVEL_LABEL}: ${level}, not ${PROJECT_LEVEL}`,
      );
    }
    const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
    if (namespace !== DEFAULT_NAMESPACE) {
      problems.push(`${what} is in the namespace ${namespace}, not default`);
    }
    if (registeredName && entity.metadata.name !== registeredName) {
      problems.push(
        `${what} is not the name the project was registered with (${registeredName}); put back metadata.name: ${registeredName}`,
      );
    }
  }
  return problems;
}
