import { Level } from '@mlops-portal/plugin-atomic-catalog-common';

/**
 * What marks a component deprecated: Backstage's own convention, `spec.lifecycle: deprecated`.
 */
export const DEPRECATED_LIFECYCLE = 'deprecated';

/** Whether a `spec.lifecycle` value marks the component deprecated. */
export function isDeprecatedLifecycle(lifecycle: unknown): boolean {
  return (
    typeof lifecycle === 'string' &&
    lifecycle.toLowerCase() === DEPRECATED_LIFECYCLE
  );
}

/** A project or component as the reuse map shows it. */
export interface ReuseEntitySummary {
  /** The entity reference, `component:default/name`. */
  ref: string;
  title: string;
  owner?: string;
}

/** One row of the map: a component and the projects that use it. */
export interface ReuseComponentRow extends ReuseEntitySummary {
  level: Level;
  tasks: string[];
  lifecycle?: string;
  deprecated: boolean;
  /** How many projects use it. */
  usage: number;
  /** The projects that use it, by title. */
  projects: ReuseEntitySummary[];
}

/** Counts of one level. */
export interface ReuseLevelCount {
  level: Level;
  components: number;
  /** Components of the level that at least one project uses. */
  used: number;
  /** Project-component pairs on this level. */
  usages: number;
}

/** Which rows `GET /map` lists. */
export const REUSE_VIEWS = ['all', 'used', 'unused', 'deprecated'] as const;
export type ReuseView = (typeof REUSE_VIEWS)[number];

/** The query of `GET /api/reuse/map`. */
export interface ReuseMapQuery {
  task?: string;
  owner?: string;
  view?: ReuseView;
  offset?: number;
  limit?: number;
}

/** A project using a deprecated component. */
export interface DeprecatedUsage {
  project: ReuseEntitySummary;
  components: ReuseEntitySummary[];
}

/** The answer of `GET /api/reuse/map`. */
export interface ReuseMap {
  /** When the catalog was read (the map is cached briefly). */
  generatedAt: string;
  totals: {
    components: number;
    projects: number;
    usedComponents: number;
    unusedComponents: number;
    usages: number;
  };
  levels: ReuseLevelCount[];
  /** Projects using a component marked deprecated. */
  deprecatedUsages: DeprecatedUsage[];
  /** The rows of the view, most used first, then by title. */
  rows: { total: number; offset: number; items: ReuseComponentRow[] };
  /** The owners and tasks present, for the filters. */
  facets: { owners: string[]; tasks: string[] };
}
