import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { DefaultGitlabClient } from '@mlops-portal/gitlab-node';
import {
  repoUrlInput,
  repositoryFailureNote,
  repositoryFailureNoteInput,
} from './inputs';
import { examples } from './gitlabPipelineCreate.examples';

/**
 * `mlops:gitlabPipeline:create`: starts a pipeline on a branch of the project's repository through
 * GitLab's pipeline API, once per task: a retried task finds the pipeline its first run started.
 */
export function createGitlabPipelineCreateAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'mlops:gitlabPipeline:create',
    description:
      "Starts a pipeline on a branch of the project's GitLab repository (once per task).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: repoUrlInput,
        branch: z =>
          z.string().default('main').describe('The branch to run it on'),
        failureNote: repositoryFailureNoteInput,
      },
      output: {
        pipelineUrl: z => z.string().describe("The pipeline's page in GitLab"),
        pipelineId: z => z.number().describe("The pipeline's id"),
      },
    },
    async handler(ctx) {
      const { repoUrl } = ctx.input;
      const branch = ctx.input.branch ?? 'main';
      const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
      const project = `${owner}/${repo}`;
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: no pipeline is started', { project, branch });
        ctx.output('pipelineUrl', '');
        ctx.output('pipelineId', 0);
        return;
      }
      const exists = repositoryFailureNote(ctx.input.failureNote, project);
      const gitlab = DefaultGitlabClient.fromIntegrations(integrations, host, {
        failureNote: `${exists}, and Retry starts the pipeline`,
      });
      const pipeline = await ctx.checkpoint({
        key: `gitlab.pipeline.${project}.${branch}`,
        fn: async () => {
          const started = await gitlab.createPipeline(project, branch, {
            signal: ctx.signal,
          });
          return { id: started.id, webUrl: started.web_url };
        },
      });
      ctx.logger.info('Started the pipeline', {
        project,
        branch,
        pipelineId: pipeline.id,
      });
      ctx.output('pipelineUrl', pipeline.webUrl);
      ctx.output('pipelineId', pipeline.id);
    },
  });
}
