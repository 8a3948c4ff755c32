/**
 * Template upgrades' frontend plugin.
 *
 * @packageDocumentation
 */

export { templateUpgradesPlugin as default } from './plugin';
export { templateUpgradesApiRef, TemplateUpgradesClient } from './api';
export type { TemplateUpgradesApi } from './api';
