/**
 * Shared by the plugins whose web app the edge serves on the portal's own origin (ClearML, Rath).
 *
 * @packageDocumentation
 */
export { EdgeAppPage } from './EdgeAppPage';
export type { EdgeAppPageProps } from './EdgeAppPage';
export { useServedByEdge } from './useServedByEdge';
