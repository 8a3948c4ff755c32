/**
 * GitLab for the portal's backend: the one client of GitLab's REST API that Create project and a
 * project's status use.
 *
 * @packageDocumentation
 */

export { DefaultGitlabClient } from './GitlabClient';
export type {
  GitlabCallOptions,
  GitlabClient,
  GitlabBranch,
  GitlabGroup,
  GitlabJob,
  GitlabNamespace,
  GitlabPipeline,
  GitlabProject,
  GitlabVariableInput,
} from './GitlabClient';
export { gitlabProjectOf } from './gitlabProjectOf';
export type { GitlabProjectRef } from './gitlabProjectOf';
