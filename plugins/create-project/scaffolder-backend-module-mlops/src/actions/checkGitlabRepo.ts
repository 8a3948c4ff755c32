import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { examples } from './checkGitlabRepo.examples';

const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
const REPO = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const NOTHING = 'nothing was created';

/**
 * `gitlab:repo:check`: before anything is created, checks that the GitLab host is one the portal is
 * configured for, that it answers and accepts the portal's token, that the group exists, and that
 * the repository does not exist yet. Each failure is one sentence saying what to fix.
 */
export function checkGitlabRepoAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'gitlab:repo:check',
    description:
      'Checks, before anything is created, that a new GitLab repository can be published: known host, reachable, token accepted, group found, name free.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The RepoUrlPicker value, for example gitlab.example.com?owner=research&repo=sales',
            ),
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
      const gitlab = integrations.gitlab.byHost(host);
      if (!gitlab) {
        throw new InputError(
          `${host} is not a GitLab host the portal is configured for (integrations.gitlab); ${NOTHING}`,
        );
      }
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
      const { apiBaseUrl, baseUrl, token } = gitlab.config;
      if (!token) {
        throw new InputError(
          `No token is configured for ${host} (integrations.gitlab[].token); ${NOTHING}`,
        );
      }
      const get = async (apiPath: string) => {
        try {
          return await fetch(`${apiBaseUrl}${apiPath}`, {
            headers: { 'PRIVATE-TOKEN': token },
            signal: ctx.signal,
          });
        } catch (e) {
          const reason = (e as { cause?: { code?: string; message?: string } })
            .cause;
          const cause = reason?.code ?? reason?.message;
          throw new ServiceUnavailableError(
            `GitLab at ${baseUrl} is unreachable${
              cause ? ` (${cause})` : ''
            }; ${NOTHING}: try again when it is back`,
          );
        }
      };
      const fail = (res: Response, what: string): never => {
        if (res.status === 401 || res.status === 403) {
          throw new NotAllowedError(
            `GitLab at ${baseUrl} refused the portal's token (${res.status}) while ${what}: check integrations.gitlab[].token for ${host}; ${NOTHING}`,
          );
        }
        throw new ServiceUnavailableError(
          `GitLab at ${baseUrl} answered ${res.status} ${res.statusText} while ${what}; ${NOTHING}`,
        );
      };

      const user = await get('/user');
      if (!user.ok) fail(user, 'checking the token');
      const namespace = await get(`/namespaces/${encodeURIComponent(owner)}`);
      if (namespace.status === 404) {
        throw new NotFoundError(
          `The GitLab group "${owner}" does not exist on ${host}, or the portal's token cannot see it; ${NOTHING}`,
        );
      }
      if (!namespace.ok) fail(namespace, `looking up the group ${owner}`);
      const project = await get(
        `/projects/${encodeURIComponent(`${owner}/${repo}`)}`,
      );
      const webUrl = `${baseUrl}/${owner}/${repo}`;
      if (project.ok) {
        throw new ConflictError(
          `The repository ${owner}/${repo} already exists on ${host} (${webUrl}): choose another name; ${NOTHING}`,
        );
      }
      if (project.status !== 404) fail(project, `looking up ${owner}/${repo}`);
      ctx.logger.info('The GitLab repository can be created', {
        host,
        owner,
        repo,
      });
      ctx.output('webUrl', webUrl);
    },
  });
}
