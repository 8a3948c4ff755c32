import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { DefaultGitlabClient } from '@mlops-portal/gitlab-node';
import { repoUrlInput } from './inputs';
import { examples } from './gitlabRepoCheck.examples';

const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
const REPO = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const NOTHING = 'nothing was created';

/**
 * `mlops:gitlabRepo:check`: before anything is created, checks that the GitLab host is one the portal is
 * configured for, that it answers and accepts the portal's token, that the group exists, and that the
 * repository does not exist yet. Each failure is one sentence saying what to fix.
 */
export function createGitlabRepoCheckAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'mlops:gitlabRepo:check',
    description:
      'Checks, before anything is created, that a new GitLab repository can be published: known host, reachable, token accepted, group found, name free.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: repoUrlInput,
      },
      output: {
        webUrl: z =>
          z.string().describe('Where the repository will be on GitLab'),
      },
    },
    async handler(ctx) {
      let parsed;
      try {
        parsed = parseRepoUrl(ctx.input.repoUrl, integrations);
      } catch (e) {
        throw new InputError(
          `"${ctx.input.repoUrl}" is not a repository location: ${
            (e as Error).message
          }`,
        );
      }
      const { host, owner, repo } = parsed;
      const gitlab = DefaultGitlabClient.fromIntegrations(integrations, host, {
        failureNote: NOTHING,
      });
      if (!owner || !OWNER.test(owner) || owner.includes('..')) {
        throw new InputError(
          `"${owner ?? ''}" is not a GitLab group path; ${NOTHING}`,
        );
      }
      if (!REPO.test(repo) || repo.includes('..')) {
        throw new InputError(
          `"${repo}" is not a GitLab repository name: use letters, digits, "_", "-" and "."; ${NOTHING}`,
        );
      }
      const { signal } = ctx;
      const webUrl = gitlab.projectWebUrl(`${owner}/${repo}`);

      // Recorded once: a retried task (whose first run went on to create the repository) passes here.
      await ctx.checkpoint({
        key: `mlops.gitlabRepo.check.${host}.${owner}/${repo}`,
        fn: async () => {
          await gitlab.checkToken({ signal });
          if (!(await gitlab.getNamespace(owner, { signal }))) {
            throw new NotFoundError(
              `The GitLab group "${owner}" does not exist on ${host}, or the portal's token cannot see it; ${NOTHING}`,
            );
          }
          if (await gitlab.getProject(`${owner}/${repo}`, { signal })) {
            throw new ConflictError(
              `The repository ${owner}/${repo} already exists on ${host} (${webUrl}): choose another name; ${NOTHING}`,
            );
          }
        },
      });
      ctx.logger.info('The GitLab repository can be created', {
        host,
        owner,
        repo,
      });
      ctx.output('webUrl', webUrl);
    },
  });
}
