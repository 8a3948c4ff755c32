/**
 * The reuse map's backend plugin.
 *
 * @packageDocumentation
 */

export { reusePlugin as default } from './plugin';
