/**
 * Template upgrades' scaffolder actions: `mlops:projectAnswers:write`, `mlops:projectUpdate:read` and
 * `mlops:projectUpdate:plan`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleTemplateUpgrades as default } from './module';
