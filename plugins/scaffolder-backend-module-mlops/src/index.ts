/**
 * The "Create project" actions for the scaffolder: `mlops:components:compose` and
 * `clearml:project:create`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlops as default } from './module';
export { composeComponentsAction } from './actions/composeComponents';
export { createClearmlProjectAction } from './actions/createClearmlProject';
export type { ClearmlClient, ClearmlProject } from './clearml/ClearmlClient';
export { DefaultClearmlClient } from './clearml/ClearmlClient';
