/**
 * The "Create project" actions for the scaffolder: `mlops:components:compose`,
 * `clearml:project:create` and `gitlab:repo:check`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlops as default } from './module';
export { checkGitlabRepoAction } from './actions/checkGitlabRepo';
export { composeComponentsAction } from './actions/composeComponents';
export { createClearmlProjectAction } from './actions/createClearmlProject';
export { registerProjectAction } from './actions/registerProject';
