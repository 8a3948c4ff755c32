import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CLEARML_NOT_CONFIGURED,
  ClearmlClient,
  ClearmlError,
} from '@mlops-portal/plugin-clearml-node';
import { examples } from './clearmlProjectCreate.examples';
import { clearmlProjectInput, failureNoteInput } from './inputs';

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.\-/]{0,127}$/;

/** Refuses a ClearML project name the portal does not create: one sentence saying what is allowed. */
export function checkClearmlProjectName(name: string): void {
  if (!PROJECT_NAME.test(name) || name.includes('//') || name.endsWith('/')) {
    throw new InputError(
      `"${name}" is not a valid ClearML project name: use letters, digits, spaces, "_", "-", "." and "/" between parts, at most 128 characters`,
    );
  }
}

/** What the ClearML actions are made with. */
export interface ClearmlActionOptions {
  /**
   * The portal's ClearML client, undefined when ClearML is not configured. Asked for only when a task
   * runs, so a portal without ClearML configuration still starts.
   */
  getClient: () => ClearmlClient | undefined;
}

/**
 * `mlops:clearmlProject:create`: makes sure a ClearML project of the given name exists and returns its
 * id and web link. Idempotent: an existing project of that name is reused, never duplicated.
 */
export function createClearmlProjectCreateAction(
  options: ClearmlActionOptions,
) {
  return createTemplateAction({
    id: 'mlops:clearmlProject:create',
    description:
      'Creates the ClearML project that the new project logs its experiments to, or reuses the one of that name.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => clearmlProjectInput(z, 'created, or reused when it exists'),
        description: z =>
          z
            .string()
            .optional()
            .describe('Shown on the project page in ClearML'),
        failureNote: z =>
          failureNoteInput(z, 'for example "nothing is on GitLab yet"'),
      },
      output: {
        projectId: z => z.string().describe('The ClearML project id'),
        projectUrl: z =>
          z.string().describe("The project's page in the ClearML web app"),
        created: z =>
          z
            .boolean()
            .describe('False when a project of that name already existed'),
      },
    },
    async handler(ctx) {
      const { name, description } = ctx.input;
      checkClearmlProjectName(name);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: would create the ClearML project', { name });
        ctx.output('projectId', 'dry-run');
        ctx.output('projectUrl', '');
        ctx.output('created', false);
        return;
      }
      const client = options.getClient();
      if (!client) {
        throw new ServiceUnavailableError(CLEARML_NOT_CONFIGURED);
      }
      const result = await ctx
        .checkpoint({
          key: `clearml.project.create.${name}`,
          fn: async () => {
            const existing = await client.findProject(name);
            if (existing) {
              return { id: existing.id, created: false };
            }
            const id = await client.createProject({
              name,
              description: description ?? `Created by the MLOps Portal`,
            });
            return { id, created: true };
          },
        })
        .catch(error => {
          // the client's sentence says what ClearML did; the template's note says what exists already
          if (!ctx.input.failureNote || !(error instanceof ClearmlError)) {
            throw error;
          }
          throw new ServiceUnavailableError(
            `${error.message}; ${ctx.input.failureNote}, and Retry creates the ClearML project when it answers`,
          );
        });
      ctx.logger.info(
        result.created
          ? 'Created the ClearML project'
          : 'Reusing the existing ClearML project',
        { name, projectId: result.id },
      );
      ctx.output('projectId', result.id);
      ctx.output('projectUrl', client.links.project(result.id));
      ctx.output('created', result.created);
    },
  });
}
