/**
 * Search for the MLOps Portal: catalog results with a component's level and tasks, and docs sites built
 * before they are indexed.
 *
 * @packageDocumentation
 */

export { searchModulePortal as default } from './module';
export { portalCatalogEntityTransformer } from './transformer';
