import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  isTask,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  DefaultGitlabClient,
  gitlabProjectOf,
} from '@mlops-portal/gitlab-node';
import {
  ANSWERS_PATH,
  changelogOf,
  changesBetween,
  compareVersions,
  isVersion,
} from '@mlops-portal/plugin-template-upgrades-common';
import { parseAnswers } from '../lib/answers';
import { examples } from './projectUpdateRead.examples';

/**
 * `mlops:projectUpdate:read`: finds the project (as the user who started the task: a project they may
 * not read is "not found"), its template and the template's current version, and reads the project's
 * `.portal/answers.json` from its default branch on GitLab. Its outputs feed the `fetch:template` steps
 * (the recorded values, with the current version) and `mlops:projectUpdate:plan`.
 */
export function createProjectUpdateReadAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
}) {
  const { catalog, integrations } = options;
  return createTemplateAction({
    id: 'mlops:projectUpdate:read',
    description:
      "Reads a project's template, its recorded answers and the template's changes since, for an update merge request.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The project, as a catalog entity reference'),
        templateVersion: z =>
          z
            .string()
            .describe(
              'The version of the templates beside this one (the skeleton it renders)',
            ),
      },
      output: {
        values: z =>
          z
            .record(z.unknown())
            .describe('The recorded values, with the current template version'),
        task: z => z.string().describe("The project's task"),
        templateName: z => z.string(),
        fromVersion: z => z.string(),
        toVersion: z => z.string(),
        repoUrl: z => z.string().describe('host?owner=…&repo=…'),
        defaultBranch: z => z.string(),
        branchName: z => z.string().describe('The merge request’s branch'),
        answers: z => z.record(z.unknown()),
        changes: z => z.array(z.record(z.unknown())),
      },
    },
    async handler(ctx) {
      const { templateVersion } = ctx.input;
      let ref;
      try {
        ref = parseEntityRef(ctx.input.entityRef, { defaultKind: 'component' });
      } catch {
        throw new InputError(
          `"${ctx.input.entityRef}" is not a project reference such as component:default/sales-demand`,
        );
      }
      const entityRef = stringifyEntityRef(ref);
      const credentials = await ctx.getInitiatorCredentials();
      const project = await catalog.getEntityByRef(entityRef, { credentials });
      if (!project) {
        throw new NotFoundError(`There is no project ${entityRef} you can see`);
      }
      const templateRef = project.metadata.annotations?.[TEMPLATE_ANNOTATION];
      const fromVersion =
        project.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      if (project.spec?.type !== 'ml-project' || !templateRef) {
        throw new InputError(
          `${entityRef} was not created from a project template, so there is nothing to update it to`,
        );
      }
      const template: Entity | undefined = await catalog.getEntityByRef(
        templateRef,
        { credentials },
      );
      if (!template) {
        throw new NotFoundError(
          `The template ${templateRef} of ${entityRef} is not in the catalog`,
        );
      }
      const toVersion =
        template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      if (!isVersion(toVersion) || toVersion !== templateVersion) {
        throw new InputError(
          `The template ${templateRef} is at version ${toVersion}, the update at ${templateVersion}: the templates are being updated, try again in a few minutes`,
        );
      }
      if (!isVersion(fromVersion)) {
        throw new InputError(
          `${entityRef} does not say which version of its template it was made from (${TEMPLATE_VERSION_ANNOTATION})`,
        );
      }
      if (compareVersions(fromVersion, toVersion) >= 0) {
        throw new InputError(
          `${entityRef} is already on version ${fromVersion} of its template`,
        );
      }
      const where = gitlabProjectOf(project, integrations);
      if (!where) {
        throw new InputError(
          `${entityRef} is not in a GitLab repository the portal is configured for`,
        );
      }
      const gitlab = DefaultGitlabClient.fromIntegrations(
        integrations,
        where.host,
      );
      const text = await gitlab.getFile(where.path, ANSWERS_PATH, where.ref, {
        signal: ctx.signal,
      });
      if (!text) {
        throw new InputError(
          `${entityRef} has no ${ANSWERS_PATH} (it was created before the portal recorded a project's answers): update it by hand, following the template's changelog`,
        );
      }
      const answers = parseAnswers(text.toString('utf8'), entityRef);
      const task = String(answers.values.task ?? '');
      if (!isTask(task)) {
        throw new InputError(
          `${ANSWERS_PATH} of ${entityRef} names no task of the atomic catalog`,
        );
      }
      const segments = where.path.split('/');
      const repo = segments.pop()!;
      const templateName = template.metadata.name;
      ctx.output('values', { ...answers.values, templateVersion: toVersion });
      ctx.output('task', task);
      ctx.output('templateName', templateName);
      ctx.output('fromVersion', fromVersion);
      ctx.output('toVersion', toVersion);
      ctx.output(
        'repoUrl',
        `${where.host}?owner=${encodeURIComponent(
          segments.join('/'),
        )}&repo=${encodeURIComponent(repo)}`,
      );
      ctx.output('defaultBranch', where.ref);
      ctx.output('branchName', `portal/update-${templateName}-${toVersion}`);
      ctx.output('answers', answers as any);
      ctx.output(
        'changes',
        changesBetween(changelogOf(template), fromVersion, toVersion) as any,
      );
    },
  });
}
