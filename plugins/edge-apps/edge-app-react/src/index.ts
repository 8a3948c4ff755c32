/**
 * Shared by the plugins whose web app the edge serves on a host name of its own (ClearML, Rath).
 *
 * @packageDocumentation
 */
export { EdgeAppPage } from './EdgeAppPage';
export type { EdgeAppPageProps } from './EdgeAppPage';
export { checkAppUrl } from './appUrl';
export type { AppUrlCheck } from './appUrl';
