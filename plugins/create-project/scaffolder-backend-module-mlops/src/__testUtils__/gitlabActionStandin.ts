import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { standinIntegrations } from './standinIntegrations';

/**
 * For the describe block of a GitLab action's tests: starts the GitLab stand-in, with the group
 * `research` and the portal's `token`, before the block's tests and closes it after them, and makes the
 * action under test from integrations pointing at it (and at any `otherHosts`). The answer's `gitlab`
 * and `action` are there from the block's first `beforeAll` on.
 */
export function gitlabActionStandin<TAction>(
  token: string,
  makeAction: (integrations: ScmIntegrationRegistry) => TAction,
  otherHosts: Parameters<typeof standinIntegrations>[2] = [],
): { gitlab: GitlabStandin; action: TAction } {
  const started = {} as { gitlab: GitlabStandin; action: TAction };
  beforeAll(async () => {
    started.gitlab = await startGitlabStandin({ token, groups: ['research'] });
    started.action = makeAction(
      standinIntegrations(started.gitlab, token, otherHosts),
    );
  });
  afterAll(() => started.gitlab.close());
  return started;
}
