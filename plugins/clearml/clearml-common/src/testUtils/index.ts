/**
 * Catalog entities for the tests of the plugins that read ClearML for a project. Imported as
 * `@mlops-portal/plugin-clearml-common/testUtils`, by tests only (never by production code).
 *
 * @packageDocumentation
 */

export { mlProjectEntity } from './mlProjectEntity';
