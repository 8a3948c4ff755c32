/**
 * The reuse map's frontend plugin.
 *
 * @packageDocumentation
 */

export { reusePlugin as default } from './plugin';
export { reuseApiRef, ReuseClient } from './api';
export type { ReuseApi, ReuseUsers } from './api';
