/**
 * The "Create project" actions for the scaffolder: `mlops:components:compose`, `mlops:gitlabRepo:check`,
 * `mlops:catalogInfo:write`, `mlops:clearmlProject:create`, `mlops:clearmlDataset:create` and `mlops:project:register`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlops as default } from './module';
export { createCatalogInfoWriteAction } from './actions/catalogInfoWrite';
export { createClearmlDatasetCreateAction } from './actions/clearmlDatasetCreate';
export { createClearmlProjectCreateAction } from './actions/clearmlProjectCreate';
export { composeComponentsAction } from './actions/composeComponents';
export { createGitlabRepoCheckAction } from './actions/gitlabRepoCheck';
export { createProjectRegisterAction } from './actions/projectRegister';
