/**
 * What the portal's own tests, the end-to-end tests, the benchmarks and the demos start around the real
 * backend: the backend itself as `scripts/start.sh` runs it, and local stand-ins of what it talks to
 * (a catalog file served over HTTP, the docs storage of production, Create project's GitLab and ClearML).
 *
 * @packageDocumentation
 */

export {
  backendCommand,
  errorLines,
  freePort,
  guestToken,
  root,
  startPortal,
} from './portalProcess';
export type { Portal, StartPortalOptions } from './portalProcess';
export { chromiumLaunchOptions } from './browser';
export { startPrivatePostgres } from './privatePostgres';
export type { PrivatePostgres } from './privatePostgres';
export { serveCatalogFile } from './catalogFileServer';
export type { CatalogFileServer } from './catalogFileServer';
export { startDocsStorageStandin } from './docsStorageStandin';
export type { DocsStorageStandin } from './docsStorageStandin';
export { startCreateProjectStandins } from './createProjectStandins';
export type {
  CreateProjectStandins,
  CreateProjectStandinsOptions,
} from './createProjectStandins';
export { componentPipelineOptions } from './componentWheels';
export { until } from './until';
export { dropDatabases, sharedPostgres } from './sharedPostgres';
export type { SharedPostgres } from './sharedPostgres';
