import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The zod that Backstage hands an action's schema functions. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/**
 * Inputs that several of the module's actions take, described once so that the template editor shows
 * the same words for them everywhere.
 */

/** `repoUrl`: where the project lives, as the RepoUrlPicker gives it. */
export const repoUrlInput = (z: Zod) =>
  z
    .string()
    .describe(
      'The RepoUrlPicker value, for example gitlab.example.com?owner=research&repo=sales',
    );

/** `failureNote`: what exists already when the step fails, added to its one-sentence error. */
export const failureNoteInput = (z: Zod, byDefault: string) =>
  z
    .string()
    .optional()
    .describe(
      `What exists already when this step fails, added to its sentence (${byDefault})`,
    );

/**
 * `failureNote` of a step on the project's repository, which exists by then: without the template's
 * note, the step's error says that the repository exists.
 */
export const repositoryFailureNoteInput = (z: Zod) =>
  failureNoteInput(z, 'default: the repository');

/** What exists already when a step on the repository `project` fails: `repositoryFailureNoteInput`'s value. */
export const repositoryFailureNote = (
  failureNote: string | undefined,
  project: string,
) => failureNote ?? `the repository ${project} exists already`;

/**
 * A ClearML project's name, as `checkClearmlProjectName` accepts it; `role` says what the action does
 * with the project.
 */
export const clearmlProjectInput = (z: Zod, role: string) =>
  z
    .string()
    .describe(
      `The ClearML project, "/" between sub-projects, for example "forecasting/sales": ${role}`,
    );
