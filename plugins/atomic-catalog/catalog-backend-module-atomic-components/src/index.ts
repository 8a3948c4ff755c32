/**
 * A catalog module that checks the atomic catalog's composition rules on every entity carrying the
 * `mlops-portal.io/level` label and shows each violation on the entity's page.
 *
 * @packageDocumentation
 */

export { catalogModuleAtomicComponents as default } from './module';
