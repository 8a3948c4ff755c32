/**
 * The atomic catalog's frontend: the Components page and the Composition and Use it entity cards.
 *
 * @packageDocumentation
 */
export { atomicCatalogPlugin as default } from './plugin';
