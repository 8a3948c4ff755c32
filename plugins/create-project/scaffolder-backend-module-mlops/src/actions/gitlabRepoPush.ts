import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  initRepoAndPush,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { DefaultGitlabClient } from '@mlops-portal/gitlab-node';
import { rm } from 'fs/promises';
import path from 'path';
import { repoUrlInput } from './inputs';
import { examples } from './gitlabRepoPush.examples';

/**
 * `mlops:gitlabRepo:push`: makes sure the repository `publish:gitlab` stands for holds the project. A run
 * cut (a killed backend) after `publish:gitlab` created the repository but before its push landed leaves
 * the repository empty; on the retry `publish:gitlab` (`skipExisting`) finds it and pushes nothing, so
 * this step pushes the workspace then. A repository whose default branch exists is left as it is, so on
 * an ordinary run (and on a retry after the push landed) it changes nothing.
 */
export function createGitlabRepoPushAction(options: {
  integrations: ScmIntegrationRegistry;
  config: Config;
}) {
  const { integrations, config } = options;
  return createTemplateAction({
    id: 'mlops:gitlabRepo:push',
    description:
      "Pushes the workspace into the project's GitLab repository when a cut run left it empty; changes nothing when its default branch exists.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: repoUrlInput,
        defaultBranch: z =>
          z
            .string()
            .default('main')
            .describe('The branch the first commit goes to'),
        gitCommitMessage: z =>
          z.string().describe('The message of the first commit'),
      },
      output: {
        pushed: z =>
          z
            .boolean()
            .describe('Whether this step pushed (the repository was empty)'),
      },
    },
    async handler(ctx) {
      const { repoUrl, gitCommitMessage } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
      const project = `${owner}/${repo}`;
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: the repository is not read or pushed to', {
          project,
        });
        ctx.output('pushed', false);
        return;
      }
      const gitlab = DefaultGitlabClient.fromIntegrations(integrations, host);
      const { signal } = ctx;
      const found = await gitlab.getProject(project, { signal });
      if (!found) {
        throw new NotFoundError(
          `The repository ${project} is not on ${host}, although the publish step found or created it: retry the task`,
        );
      }
      if (await gitlab.getBranch(project, defaultBranch, { signal })) {
        ctx.logger.info('The repository holds the project', { project });
        ctx.output('pushed', false);
        return;
      }
      // A cut run may have left its own commit in the workspace: the first commit starts afresh.
      await rm(path.join(ctx.workspacePath, '.git'), {
        recursive: true,
        force: true,
      });
      await initRepoAndPush({
        dir: ctx.workspacePath,
        remoteUrl: found.http_url_to_repo,
        defaultBranch,
        auth: {
          username: 'oauth2',
          password: integrations.gitlab.byHost(host)!.config.token!,
        },
        logger: ctx.logger,
        commitMessage: gitCommitMessage,
        gitAuthorInfo: {
          name: config.getOptionalString('scaffolder.defaultAuthor.name'),
          email: config.getOptionalString('scaffolder.defaultAuthor.email'),
        },
      });
      ctx.logger.info(
        'Pushed the project into the repository a cut run left empty',
        {
          project,
        },
      );
      ctx.output('pushed', true);
    },
  });
}
