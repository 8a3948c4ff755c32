/**
 * The atomic catalog's vocabulary (levels, tasks, categories, label and annotation keys) and its
 * composition rules as pure functions, shared by the catalog backend module and the frontend plugin.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './entity';
export * from './rules';
export * from './ruleViolations';
export * from './queries';
