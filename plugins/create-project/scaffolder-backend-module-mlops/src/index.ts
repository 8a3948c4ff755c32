/**
 * The "Create project" actions for the scaffolder: `mlops:components:compose`, `mlops:gitlabRepo:check`,
 * `mlops:clearmlProject:create` and `mlops:project:register`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlops as default } from './module';
export { createClearmlProjectCreateAction } from './actions/clearmlProjectCreate';
export { composeComponentsAction } from './actions/composeComponents';
export { createGitlabRepoCheckAction } from './actions/gitlabRepoCheck';
export { createProjectRegisterAction } from './actions/projectRegister';
