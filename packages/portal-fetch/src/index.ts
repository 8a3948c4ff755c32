/**
 * How the portal's frontend plugins read their own backend routes.
 *
 * @packageDocumentation
 */

export { getPortalJson } from './getPortalJson';
export type { PortalFetchApis } from './getPortalJson';
export { portalClientApi } from './portalClientApi';
export { ReadCard, ReadState } from './ReadState';
