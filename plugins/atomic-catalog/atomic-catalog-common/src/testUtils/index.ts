/**
 * Catalog entities of the atomic component library, for the portal's frontend tests.
 *
 * @packageDocumentation
 */

export { libraryComponent, withViolations } from './testEntities';
