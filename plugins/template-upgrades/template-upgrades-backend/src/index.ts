/**
 * Template upgrades' backend plugin: the projects whose template has moved on.
 *
 * @packageDocumentation
 */

export { templateUpgradesPlugin as default } from './plugin';
