import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitlabStandin } from '@mlops-portal/gitlab-test-utils';

type GitlabIntegration = ReturnType<GitlabStandin['integrationConfig']>;

/**
 * Backstage's SCM integrations as `integrations.gitlab` configures them, pointing at the GitLab
 * stand-in with `token`, and at any `otherHosts` besides.
 */
export function standinIntegrations(
  gitlab: GitlabStandin,
  token: string,
  otherHosts: GitlabIntegration[] = [],
) {
  return ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [gitlab.integrationConfig(token), ...otherHosts],
      },
    }),
  );
}
