import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANSWERS_PATH,
  ProjectAnswers,
  isVersion,
} from '@mlops-portal/plugin-template-upgrades-common';
import { promises as fs } from 'fs';
import path from 'path';
import { listFiles, sha256 } from '../lib/files';
import { examples } from './projectAnswersWrite.examples';

/** Files that are the project's own from the start, never compared with the template. */
export const NOT_FROM_TEMPLATE = ['catalog-info.yaml', ANSWERS_PATH];

/**
 * `mlops:projectAnswers:write`: writes `.portal/answers.json` into the new project: the template, its
 * version, the values it was rendered with, and the SHA-256 of every file in the workspace (but
 * `catalog-info.yaml`), so that an update can later tell the files the researcher changed.
 */
export function createProjectAnswersWriteAction() {
  return createTemplateAction({
    id: 'mlops:projectAnswers:write',
    description:
      "Records the template, its version, the values and a hash of each file in the project's .portal/answers.json, for later updates.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        templateName: z =>
          z.string().describe('The template the project is made from'),
        templateVersion: z =>
          z.string().describe('Its version (major.minor.patch)'),
        values: z =>
          z
            .record(z.unknown())
            .describe('The values the fetch:template steps rendered with'),
      },
    },
    async handler(ctx) {
      const { templateName, templateVersion, values } = ctx.input;
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(templateName)) {
        throw new InputError(`"${templateName}" is not a template name`);
      }
      if (!isVersion(templateVersion)) {
        throw new InputError(
          `"${templateVersion}" is not a template version (major.minor.patch)`,
        );
      }
      const files: Record<string, string> = {};
      for (const file of await listFiles(ctx.workspacePath)) {
        if (NOT_FROM_TEMPLATE.includes(file)) continue;
        files[file] = sha256(
          await fs.readFile(resolveSafeChildPath(ctx.workspacePath, file)),
        );
      }
      const answers: ProjectAnswers = {
        template: templateName,
        version: templateVersion,
        values: values as Record<string, unknown>,
        files,
      };
      const target = resolveSafeChildPath(ctx.workspacePath, ANSWERS_PATH);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, `${JSON.stringify(answers, null, 2)}\n`);
    },
  });
}
