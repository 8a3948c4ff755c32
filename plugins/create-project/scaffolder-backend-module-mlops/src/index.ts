/**
 * The "Create project" actions for the scaffolder: `mlops:components:compose`, `mlops:gitlabRepo:check`,
 * `mlops:catalogInfo:write`, `mlops:clearmlProject:create` and `mlops:project:register`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlops as default } from './module';
export { createCatalogInfoWriteAction } from './actions/catalogInfoWrite';
export { createClearmlProjectCreateAction } from './actions/clearmlProjectCreate';
export { composeComponentsAction } from './actions/composeComponents';
export { createGitlabRepoCheckAction } from './actions/gitlabRepoCheck';
export { createProjectRegisterAction } from './actions/projectRegister';
