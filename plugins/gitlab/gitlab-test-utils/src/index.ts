/**
 * A GitLab stand-in on loopback for tests and demos: the REST calls that `publish:gitlab`, the portal's
 * Create-project actions and Backstage's GitLab reader make, with a real `git http-backend` behind the
 * clone URLs it hands out.
 *
 * @packageDocumentation
 */

export { run, startGitlabStandin } from './gitlabStandin';
export { gitlabCiLocalRunner, runGitlabCiLocal } from './gitlabCiLocal';
export type {
  GitlabCiLocalOptions,
  GitlabCiLocalResult,
} from './gitlabCiLocal';
export type { GitlabStandinMergeRequest } from './mergeRequests';
export type {
  GitlabStandin,
  GitlabStandinHold,
  GitlabStandinStep,
  GitlabStandinJobResult,
  GitlabStandinOptions,
  GitlabStandinPipeline,
  GitlabStandinPipelineRunner,
  GitlabStandinProject,
  GitlabStandinStatus,
  GitlabStandinVariable,
} from './gitlabStandin';
