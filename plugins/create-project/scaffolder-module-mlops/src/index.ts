/**
 * Create project's part of the Scaffolder's wizard: the field that asks for the GitLab repository on the
 * hosts the portal is configured for.
 *
 * @packageDocumentation
 */

export { createProjectModule as default } from './module';
export { gitlabRepoUrlPickerFormField } from './module';
