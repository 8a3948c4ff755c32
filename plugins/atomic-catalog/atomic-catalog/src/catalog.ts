import { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/plugin-catalog-react';
import {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  Level,
  RULE_VIOLATIONS_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';

/** What the Components page filters on; empty strings mean "any". */
export type ComponentFilters = {
  task: string;
  category: string;
  owner: string;
  text: string;
  /** Only the components that break an atomic-design rule. */
  violations: boolean;
};

export const NO_FILTERS: ComponentFilters = {
  task: '',
  category: '',
  owner: '',
  text: '',
  violations: false,
};

export const LEVEL_FIELD = `metadata.labels.${LEVEL_LABEL}`;
export const CATEGORY_FIELD = `metadata.labels.${CATEGORY_LABEL}`;
const VIOLATIONS_FIELD = `metadata.annotations.${RULE_VIOLATIONS_ANNOTATION}`;

/** Whether the catalog module recorded atomic-design rule violations on the entity. */
export function hasRuleViolations(entity: Entity): boolean {
  return (
    entity.metadata.annotations?.[RULE_VIOLATIONS_ANNOTATION] !== undefined
  );
}

/**
 * The catalog filter for one level column: tasks and categories are matched through the tags
 * (the processor's tags-list-tasks rule keeps them in step with the annotations).
 */
export function levelFilter(
  level: Level | undefined,
  filters: ComponentFilters,
): Record<string, string | typeof CATALOG_FILTER_EXISTS> {
  const filter: Record<string, string | typeof CATALOG_FILTER_EXISTS> = {
    [LEVEL_FIELD]: level ?? CATALOG_FILTER_EXISTS,
  };
  if (filters.task) {
    filter['metadata.tags'] = filters.task;
  }
  if (filters.category) {
    filter[CATEGORY_FIELD] = filters.category;
  }
  if (filters.owner) {
    filter['spec.owner'] = filters.owner;
  }
  if (filters.violations) {
    filter[VIOLATIONS_FIELD] = CATALOG_FILTER_EXISTS;
  }
  return filter;
}

export function fullTextFilter(text: string) {
  const term = text.trim();
  return term
    ? {
        term,
        fields: ['metadata.name', 'metadata.title', 'metadata.description'],
      }
    : undefined;
}
