import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { TEMPLATE_VERSION_ANNOTATION } from '@mlops-portal/plugin-atomic-catalog-common';
import { DefaultGitlabClient } from '@mlops-portal/gitlab-node';
import {
  ANSWERS_PATH,
  ChangelogEntry,
  INCOMING_DIR,
  ProjectAnswers,
} from '@mlops-portal/plugin-template-upgrades-common';
import { promises as fs } from 'fs';
import path from 'path';
import yaml from 'yaml';
import { parseAnswers } from '../lib/answers';
import { listFiles, sha256 } from '../lib/files';
import { NOT_FROM_TEMPLATE } from './projectAnswersWrite';
import { examples } from './projectUpdatePlan.examples';

/** What the update does with one file of the current template. */
export type FileDecision =
  /** the project has exactly the template's new file already */
  | 'same'
  /** a file new in the template, absent from the project: added */
  | 'add'
  /** the researcher left it as the template wrote it: replaced by the new version */
  | 'update'
  /** the researcher changed or removed it: kept; the new version goes to .portal/incoming/ */
  | 'conflict';

/**
 * The rule, per file of the current template (see the package README): a file is the template's to
 * replace only while it is byte for byte what the template wrote (its hash in `.portal/answers.json`).
 */
export function decide(
  current: Buffer | undefined,
  recorded: string | undefined,
  next: Buffer,
): FileDecision {
  if (current && current.equals(next)) return 'same';
  if (!current) return recorded ? 'conflict' : 'add';
  return recorded && sha256(current) === recorded ? 'update' : 'conflict';
}

function describe(options: {
  templateName: string;
  fromVersion: string;
  toVersion: string;
  changes: ChangelogEntry[];
  updated: string[];
  conflicts: string[];
}) {
  const { templateName, fromVersion, toVersion, changes, updated, conflicts } =
    options;
  const lines = [
    `Updates this project from the **${templateName}** template ${fromVersion} to ${toVersion}, with the answers it was created with. Opened by the MLOps Portal; nothing is changed on the default branch until you merge.`,
    '',
    '## What changed in the template',
    '',
    ...changes.flatMap(e => e.changes.map(c => `- ${e.version}: ${c}`)),
    '',
    '## Files this merge request updates',
    '',
    ...(updated.length ? updated.map(f => `- \`${f}\``) : ['- none']),
  ];
  if (conflicts.length) {
    lines.push(
      '',
      '## Files you changed: not overwritten',
      '',
      `You changed (or removed) these files since the template wrote them, and the template changed them too. They are left as you have them; the template's new version of each is in \`${INCOMING_DIR}/\`. Merge what you need into your file, then delete \`${INCOMING_DIR}/\` on this branch before merging.`,
      '',
      ...conflicts.map(
        f => `- \`${f}\` (template's version: \`${INCOMING_DIR}/${f}\`)`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `mlops:projectUpdate:plan`: compares the current template, rendered into `renderPath` with the
 * project's recorded values, with the project's default branch and writes into `targetPath` only what
 * the merge request should change: files the researcher left alone, new files, the template version in
 * `catalog-info.yaml` and the new `.portal/answers.json`. Files the researcher changed are kept; the
 * template's version of each goes to `.portal/incoming/<path>` and the description lists them.
 */
export function createProjectUpdatePlanAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'mlops:projectUpdate:plan',
    description:
      'Decides which files an update changes and which the researcher changed, and writes the merge request’s files and description.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('host?owner=…&repo=…'),
        defaultBranch: z => z.string().default('main'),
        templateName: z => z.string(),
        fromVersion: z => z.string(),
        toVersion: z => z.string(),
        values: z => z.record(z.unknown()),
        answers: z => z.record(z.unknown()),
        changes: z =>
          z
            .array(
              z.object({
                version: z.string(),
                changes: z.array(z.string()),
                files: z.array(z.string()),
              }),
            )
            .default([]),
        renderPath: z =>
          z
            .string()
            .default('render')
            .describe('Where the template was rendered'),
        targetPath: z =>
          z
            .string()
            .default('changes')
            .describe('Where to write the files of the merge request'),
      },
      output: {
        description: z =>
          z.string().describe('The merge request’s description'),
        updated: z => z.array(z.string()),
        conflicts: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { templateName, fromVersion, toVersion, values } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const { host, owner, repo } = parseRepoUrl(
        ctx.input.repoUrl,
        integrations,
      );
      const project = `${owner}/${repo}`;
      const previous: ProjectAnswers = parseAnswers(
        JSON.stringify(ctx.input.answers),
        project,
      );
      const renderRoot = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.renderPath ?? 'render',
      );
      const targetRoot = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? 'changes',
      );
      if (path.relative(renderRoot, targetRoot) === '') {
        throw new InputError('renderPath and targetPath must differ');
      }
      const gitlab = DefaultGitlabClient.fromIntegrations(integrations, host);
      const read = (file: string) =>
        gitlab.getFile(project, file, defaultBranch, { signal: ctx.signal });
      const write = async (file: string, content: Buffer | string) => {
        const target = resolveSafeChildPath(targetRoot, file);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, content);
      };

      const updated: string[] = [];
      const conflicts: string[] = [];
      const files = { ...previous.files };
      for (const file of await listFiles(renderRoot)) {
        if (NOT_FROM_TEMPLATE.includes(file)) continue;
        const next = await fs.readFile(resolveSafeChildPath(renderRoot, file));
        const decision = decide(await read(file), previous.files[file], next);
        files[file] = sha256(next);
        if (decision === 'add' || decision === 'update') {
          updated.push(file);
          await write(file, next);
        } else if (decision === 'conflict') {
          conflicts.push(file);
          await write(`${INCOMING_DIR}/${file}`, next);
        }
      }

      // the project's own catalog entry, as the researcher has it, with the new template version
      const catalogInfo = await read('catalog-info.yaml');
      if (catalogInfo) {
        const doc = yaml.parseDocument(catalogInfo.toString('utf8'));
        doc.setIn(
          ['metadata', 'annotations', TEMPLATE_VERSION_ANNOTATION],
          toVersion,
        );
        await write('catalog-info.yaml', doc.toString());
      }
      const answers: ProjectAnswers = {
        template: templateName,
        version: toVersion,
        values: values as Record<string, unknown>,
        files,
      };
      await write(ANSWERS_PATH, `${JSON.stringify(answers, null, 2)}\n`);

      ctx.output(
        'description',
        describe({
          templateName,
          fromVersion,
          toVersion,
          changes: ctx.input.changes ?? [],
          updated,
          conflicts,
        }),
      );
      ctx.output('updated', updated);
      ctx.output('conflicts', conflicts);
    },
  });
}
