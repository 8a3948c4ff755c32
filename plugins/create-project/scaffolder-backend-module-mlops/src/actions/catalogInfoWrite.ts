import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LEVEL_LABEL,
  TASKS,
  TASKS_ANNOTATION,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  isTask,
} from '@mlops-portal/plugin-atomic-catalog-common';
import { promises as fs } from 'fs';
import yaml from 'yaml';
import { examples } from './catalogInfoWrite.examples';

/** The project's name, as the wizard asks for it: lowercase words joined by "-". */
const PROJECT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A part of an entity reference (kind, namespace, name) as the catalog accepts it. */
const REF_PART = /^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/;
const VERSION = /^\d+\.\d+\.\d+$/;
/** Line breaks, tabs and other control characters: a description is one line of text. */
const CONTROL = /\p{Cc}/u;

function entityRef(
  value: string,
  what: string,
  kinds: string[],
): CompoundEntityRef {
  let ref: CompoundEntityRef | undefined;
  try {
    ref = parseEntityRef(value);
  } catch {
    ref = undefined;
  }
  if (
    !ref ||
    !kinds.includes(ref.kind) ||
    ![ref.namespace, ref.name].every(p => p.length <= 63 && REF_PART.test(p))
  ) {
    throw new InputError(
      `The ${what} "${value}" is not a reference to a ${kinds.join(
        ' or ',
      )} of the catalog (like ${kinds[0]}:default/name)`,
    );
  }
  return ref;
}

/**
 * `mlops:catalogInfo:write`: writes the new project's `catalog-info.yaml` from the wizard's values,
 * each checked first (the name's form, the owner and components as catalog references, a one-line
 * description) and written by a YAML serializer, which quotes whatever needs it: no value can add a
 * key, a document or an entity to the file.
 */
export function createCatalogInfoWriteAction() {
  return createTemplateAction({
    id: 'mlops:catalogInfo:write',
    description:
      "Writes the new project's catalog-info.yaml from the wizard's values, checked and quoted.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe('The project name (lowercase words joined by "-")'),
        description: z =>
          z.string().describe('One line on what the project is for'),
        owner: z =>
          z.string().describe('The owning group or user (group:default/name)'),
        task: z => z.string().describe(`The task: ${TASKS.join(', ')}`),
        components: z =>
          z
            .array(z.string())
            .describe(
              'The components the project starts from (component:default/name)',
            ),
        templateName: z =>
          z.string().describe('The template that made the project'),
        templateVersion: z =>
          z.string().describe("The template's version (1.0.0)"),
      },
      output: {
        entityRef: z => z.string().describe('The project written'),
      },
    },
    async handler(ctx) {
      const { name, description, task, templateName, templateVersion } =
        ctx.input;
      if (!PROJECT_NAME.test(name) || name.length < 3 || name.length > 40) {
        throw new InputError(
          `"${name}" cannot be a project name: use 3 to 40 lowercase letters and digits in words joined by "-", like sales-demand`,
        );
      }
      if (
        CONTROL.test(description) ||
        description.trim().length < 10 ||
        description.length > 200
      ) {
        throw new InputError(
          'The description must be one line of 10 to 200 characters, without line breaks or tabs',
        );
      }
      if (!isTask(task)) {
        throw new InputError(
          `"${task}" is not a task of the atomic catalog; use one of ${TASKS.join(
            ', ',
          )}`,
        );
      }
      if (!PROJECT_NAME.test(templateName) || !VERSION.test(templateVersion)) {
        throw new InputError(
          `"${templateName}" ${templateVersion} is not a template name and version`,
        );
      }
      const owner = stringifyEntityRef(
        entityRef(ctx.input.owner, 'owner', ['group', 'user']),
      );
      const components = ctx.input.components.map(ref =>
        stringifyEntityRef(entityRef(ref, 'component', ['component'])),
      );

      const entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          title: name,
          description,
          tags: [task, 'ml-project'],
          labels: { [LEVEL_LABEL]: 'page' },
          annotations: {
            [TASKS_ANNOTATION]: task,
            [TEMPLATE_ANNOTATION]: `template:default/${templateName}`,
            [TEMPLATE_VERSION_ANNOTATION]: templateVersion,
            'clear.ml/project-name': `${task}/${name}`,
            'backstage.io/techdocs-ref': 'dir:.',
          },
        },
        spec: {
          type: 'ml-project',
          lifecycle: 'experimental',
          owner,
          dependsOn: components,
        },
      };
      const file = resolveSafeChildPath(ctx.workspacePath, 'catalog-info.yaml');
      await fs.writeFile(file, yaml.stringify(entity));
      ctx.output('entityRef', `component:default/${name}`);
    },
  });
}
