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
import { examples } from './gitlabVariablesSet.examples';

const KEY = /^[A-Za-z0-9_]{1,255}$/;

/**
 * `mlops:gitlabVariables:set`: sets CI/CD variables of the project's repository, creating each or
 * updating the one of that key, so a retried task — also one cut after GitLab took a variable but before
 * the task recorded it — ends with each variable once. Values are never logged.
 */
export function createGitlabVariablesSetAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'mlops:gitlabVariables:set',
    description:
      "Sets the project's GitLab CI/CD variables (creates each, or updates the one of that key); values are never logged.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: repoUrlInput,
        variables: z =>
          z
            .array(
              z.object({
                key: z
                  .string()
                  .regex(KEY)
                  .describe('Letters, digits and _, at most 255 characters'),
                value: z.string(),
                masked: z
                  .boolean()
                  .optional()
                  .describe(
                    'Hidden in job logs; GitLab then needs at least 8 characters on one line',
                  ),
                protected: z
                  .boolean()
                  .optional()
                  .describe(
                    'Only for pipelines on protected branches and tags',
                  ),
              }),
            )
            .describe('The variables, set in this order (scope *, env_var)'),
        failureNote: repositoryFailureNoteInput,
      },
      output: {
        set: z =>
          z
            .array(z.string())
            .describe('The keys of the variables that are set'),
      },
    },
    async handler(ctx) {
      const { repoUrl, variables } = ctx.input;
      const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
      const project = `${owner}/${repo}`;
      const keys = variables.map(v => v.key);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: no CI/CD variable is set', { project, keys });
        ctx.output('set', []);
        return;
      }
      const exists = repositoryFailureNote(ctx.input.failureNote, project);
      const set: string[] = [];
      for (const variable of variables) {
        // what exists already goes into the failure's sentence, so each call gets its own note
        const done = set.length
          ? `${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set`
          : 'no variable is set yet';
        const gitlab = DefaultGitlabClient.fromIntegrations(
          integrations,
          host,
          {
            failureNote: `${exists}, ${done}, and Retry sets the rest`,
          },
        );
        const outcome = await ctx.checkpoint({
          key: `gitlab.variable.${project}.${variable.key}`,
          fn: () =>
            gitlab.setProjectVariable(project, variable, {
              signal: ctx.signal,
            }),
        });
        ctx.logger.info(
          outcome === 'created'
            ? 'Created the CI/CD variable'
            : 'Updated the CI/CD variable',
          { project, key: variable.key },
        );
        set.push(variable.key);
      }
      ctx.output('set', set);
    },
  });
}
