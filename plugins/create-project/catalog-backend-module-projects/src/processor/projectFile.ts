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

/** The longest annotation or label value a project may carry (the templates write short names and addresses). */
export const MAX_VALUE_LENGTH = 4096;

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
    problems.push(...valueProblems(entity, what));
    if (registeredName && entity.metadata.name !== registeredName) {
      problems.push(
        `${what} is not the name the project was registered with (${registeredName}); put back metadata.name: ${registeredName}`,
      );
    }
  }
  return problems;
}

/**
 * Links that are not web addresses (`javascript:`, `data:`, `file:`: a click on the project's page would
 * run or open them) and annotation or label values too long for anything a project needs (a 10 MB
 * value would be stored, indexed and sent to every reader of the page).
 */
function valueProblems(entity: Entity, what: string): string[] {
  const problems: string[] = [];
  const links: unknown[] = Array.isArray(entity.metadata.links)
    ? entity.metadata.links
    : [];
  for (const link of links) {
    const url = String((link as { url?: unknown })?.url ?? '');
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      /* not an absolute address */
    }
    if (protocol !== 'https:' && protocol !== 'http:') {
      problems.push(
        `${what} has a link to "${
          url.length > 40 ? `${url.slice(0, 40)}…` : url
        }"; a project's links must be http or https addresses`,
      );
    }
  }
  for (const [field, values] of [
    ['annotation', entity.metadata.annotations],
    ['label', entity.metadata.labels],
  ] as const) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) {
        problems.push(
          `${what} has the ${field} ${key} of ${value.length} characters; at most ${MAX_VALUE_LENGTH}`,
        );
      }
    }
  }
  return problems;
}
