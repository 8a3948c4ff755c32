import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CLEARML_NOT_CONFIGURED,
  ClearmlError,
} from '@mlops-portal/plugin-clearml-node';
import { promises as fs } from 'fs';
import path from 'path';
import {
  DatasetFile,
  DatasetProjectMissingError,
  DatasetVersionProgress,
  DatasetVersionStoppedError,
  createDatasetVersion,
} from '../services/DatasetVersion';
import {
  ClearmlActionOptions,
  checkClearmlProjectName,
} from './clearmlProjectCreate';
import { examples } from './clearmlDatasetCreate.examples';
import { clearmlProjectInput, failureNoteInput } from './inputs';

const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;
/** The sample data a template brings is small; larger data belongs in ClearML through its SDK. */
const MAX_BYTES = 100 * 1024 * 1024;

/**
 * `mlops:clearmlDataset:create`: makes the files of a workspace folder (the project's sample data) a
 * version of a ClearML dataset of the project, as ClearML's SDK would, and answers its id. Idempotent: a
 * retried task finds the version it made (same dataset name and version) and makes no second one.
 */
export function createClearmlDatasetCreateAction(
  options: ClearmlActionOptions,
) {
  return createTemplateAction({
    id: 'mlops:clearmlDataset:create',
    description:
      "Uploads a workspace folder (the project's sample data) to ClearML as a version of a dataset of the project, or reuses the version of that name and number.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          clearmlProjectInput(
            z,
            'the one the dataset belongs to, which must exist',
          ),
        name: z =>
          z
            .string()
            .describe(
              'The dataset name: letters, digits, "_", "-" and ".", for example "sales-data"',
            ),
        version: z =>
          z
            .string()
            .default('1.0.0')
            .describe('The version number, for example 1.0.0'),
        path: z =>
          z
            .string()
            .describe(
              'The workspace folder whose files become the version, for example "data/raw"',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe('What the data is, shown with the version in ClearML'),
        failureNote: z =>
          failureNoteInput(z, 'for example "nothing is on GitLab yet"'),
      },
      output: {
        datasetId: z =>
          z
            .string()
            .describe(
              "The version's id, what ClearML's Dataset.get(dataset_id=...) takes",
            ),
        datasetUrl: z =>
          z.string().describe("The version's page in the ClearML web app"),
        created: z =>
          z
            .boolean()
            .describe('False when that version existed already (a retry)'),
      },
    },
    async handler(ctx) {
      const { project, name, path: folder } = ctx.input;
      const version = ctx.input.version ?? '1.0.0';
      checkClearmlProjectName(project);
      if (!DATASET_NAME.test(name)) {
        throw new InputError(
          `"${name}" is not a valid dataset name: use letters, digits, "_", "-" and ".", at most 100 characters, starting with a letter or digit`,
        );
      }
      if (!VERSION.test(version)) {
        throw new InputError(
          `"${version}" is not a dataset version number: write three numbers such as 1.0.0`,
        );
      }
      const files = await readFolder(ctx.workspacePath, folder);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: would create the ClearML dataset version', {
          project,
          name,
          version,
          files: files.length,
        });
        ctx.output('datasetId', 'dry-run');
        ctx.output('datasetUrl', '');
        ctx.output('created', false);
        return;
      }
      const client = options.getClient();
      if (!client) {
        throw new ServiceUnavailableError(
          `${CLEARML_NOT_CONFIGURED}, and clearml.filesUrl for dataset versions`,
        );
      }
      if (!client.filesUrl) {
        throw new ServiceUnavailableError(
          `ClearML's file server is not configured: set clearml.filesUrl (for example https://files.clearml.example.com) so the sample data can become the project's first dataset version${
            ctx.input.failureNote ? `; ${ctx.input.failureNote}` : ''
          }`,
        );
      }

      let progress: DatasetVersionProgress = { stage: 'none' };
      const result = await ctx
        .checkpoint({
          key: `clearml.dataset.create.${project}/${name}@${version}`,
          fn: async () => {
            const made = await createDatasetVersion(
              client,
              {
                project,
                name,
                version,
                files,
                description: ctx.input.description,
              },
              p => {
                progress = p;
              },
            );
            return { ...made };
          },
        })
        .catch(error => {
          if (error instanceof DatasetProjectMissingError) {
            throw new InputError(error.message);
          }
          if (error instanceof DatasetVersionStoppedError) {
            throw new ConflictError(error.message);
          }
          if (!(error instanceof ClearmlError)) {
            throw error;
          }
          // what ClearML did, what exists already, and what Retry does
          const note = ctx.input.failureNote
            ? `; ${ctx.input.failureNote}`
            : '';
          const exists =
            progress.stage === 'unfinished'
              ? `, the dataset version ${name} ${version} exists in ClearML unfinished (${progress.taskId}), and Retry finishes it`
              : `, no dataset version is made yet, and Retry makes it when ClearML answers`;
          throw new ServiceUnavailableError(`${error.message}${note}${exists}`);
        });
      ctx.logger.info(
        result.created
          ? 'Created the ClearML dataset version'
          : 'Reusing the existing ClearML dataset version',
        { project, name, version, datasetId: result.id },
      );
      ctx.output('datasetId', result.id);
      ctx.output(
        'datasetUrl',
        client.links.dataset(result.projectId, result.id),
      );
      ctx.output('created', result.created);
    },
  });
}

/**
 * The regular files under `folder` in the workspace, with their paths relative to it. The folder must be
 * inside the workspace (`resolveSafeChildPath`, which also follows links); a symbolic link anywhere
 * under it is refused rather than followed, so nothing outside the workspace is ever uploaded.
 */
async function readFolder(
  workspacePath: string,
  folder: string,
): Promise<DatasetFile[]> {
  const root = resolveSafeChildPath(workspacePath, folder);
  const top = await fs.lstat(root).catch(() => undefined);
  if (!top?.isDirectory()) {
    throw new InputError(
      `${folder} is not a folder of the new project: there is no sample data to make a dataset version of`,
    );
  }
  const files: DatasetFile[] = [];
  let total = 0;
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const shown = path.posix.join(folder, relative);
      if (entry.isSymbolicLink()) {
        throw new InputError(
          `${shown} is a symbolic link: a dataset version takes only the project's own files`,
        );
      }
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        // sized before it is read: one large file is refused without being held in memory
        total += (await fs.stat(full)).size;
        if (total > MAX_BYTES) {
          throw new InputError(
            `The files under ${folder} are larger than ${
              MAX_BYTES / 1024 / 1024
            } MB: the portal uploads only small sample data; add larger data with ClearML's SDK`,
          );
        }
        files.push({ path: relative, content: await fs.readFile(full) });
      }
    }
  };
  await walk(root);
  if (files.length === 0) {
    throw new InputError(
      `${folder} holds no files: there is no sample data to make a dataset version of`,
    );
  }
  return files;
}
