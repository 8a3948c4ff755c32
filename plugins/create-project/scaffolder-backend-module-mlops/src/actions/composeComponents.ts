import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { promises as fs } from 'fs';
import {
  LIBRARY_LEVELS,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS,
  categoryOf,
  dependsOnOf,
  levelOf,
  tasksOf,
} from '@mlops-portal/plugin-atomic-catalog-common';
import { REQUIREMENTS_COMPONENT_MARKER } from '@mlops-portal/plugin-reuse-common';
import { examples } from './composeComponents.examples';

/** How deep "built from" is followed; the library has three levels, so this is generous. */
const MAX_DEPTH = 8;

/** One chosen component, as the generated project's pipeline configuration records it. */
interface ChosenComponent {
  ref: string;
  name: string;
  level: string;
  category: string;
}

const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function normalizeRef(ref: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`"${ref}" is not a catalog entity reference`);
  }
  if (
    ![parsed.kind, parsed.namespace, parsed.name].every(p => REF_PART.test(p))
  ) {
    throw new InputError(`"${ref}" is not a catalog entity reference`);
  }
  return stringifyEntityRef(parsed);
}

/**
 * `mlops:components:compose`: checks the components chosen in the wizard against the catalog
 * (they exist, fit the project's task and allowed levels, and include exactly one AutoML organism),
 * follows what they are built from, and writes the project's pipeline configuration
 * (`pipeline.json`) and its pinned component-library requirement (`requirements-components.txt`).
 */
export function composeComponentsAction(options: { catalog: CatalogService }) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'mlops:components:compose',
    description:
      "Composes catalogued ML components into the new project: checks them against the project's task and writes its pipeline configuration and pinned component dependency.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        task: z => z.enum(TASKS).describe("The project's task"),
        components: z =>
          z
            .array(z.string())
            .min(1)
            .max(50)
            .describe(
              'Entity references of the chosen components, for example component:default/automl-forecasting',
            ),
        allowedLevels: z =>
          z
            .array(z.enum(LIBRARY_LEVELS))
            .min(1)
            .default(['organism', 'molecule', 'atom'])
            .describe('The atomic-design levels a project may start from'),
        targetPath: z =>
          z
            .string()
            .default('./')
            .describe('Where in the workspace the project is, relative to it'),
      },
      output: {
        dependsOn: z =>
          z
            .array(z.string())
            .describe("Entity references for the project's spec.dependsOn"),
        automl: z =>
          z.string().describe('Name of the AutoML organism the project runs'),
        builtFrom: z =>
          z
            .array(z.string())
            .describe('Every component the chosen ones are built from'),
        requirement: z =>
          z
            .string()
            .describe(
              'The pinned component-library requirement, e.g. mlops-components==0.1.0',
            ),
      },
    },
    async handler(ctx) {
      const { task, allowedLevels } = ctx.input;
      const outputDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? './',
      );
      const credentials = await ctx.getInitiatorCredentials();
      const refs = [...new Set(ctx.input.components.map(normalizeRef))];

      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials },
      );
      const problems: string[] = [];
      const chosen: ChosenComponent[] = [];
      const requirements = new Set<string>();
      items.forEach((entity, i) => {
        const ref = refs[i];
        if (!entity) {
          problems.push(`${ref} does not exist in the catalog`);
          return;
        }
        const level = levelOf(entity);
        const tasks = tasksOf(entity);
        if (entity.kind !== 'Component' || !level) {
          problems.push(`${ref} is not a component of the library`);
          return;
        }
        if (!tasks.includes(task)) {
          problems.push(
            `${ref} is for ${tasks.join(', ') || 'no task'}, not ${task}`,
          );
        }
        if (!(allowedLevels as string[]).includes(level)) {
          problems.push(
            `${ref} is ${
              level === 'atom' || level === 'organism' ? 'an' : 'a'
            } ${level}; this template starts from ${allowedLevels.join(', ')}`,
          );
        }
        const requirement =
          entity.metadata.annotations?.[PYTHON_PACKAGE_ANNOTATION];
        if (requirement) {
          requirements.add(requirement);
        } else {
          problems.push(
            `${ref} names no Python package (${PYTHON_PACKAGE_ANNOTATION})`,
          );
        }
        chosen.push({
          ref,
          name: entity.metadata.name,
          level,
          category: categoryOf(entity) ?? '',
        });
      });
      if (problems.length) {
        throw new InputError(
          `The chosen components do not fit a ${task} project: ${problems.join(
            '; ',
          )}`,
        );
      }
      const automl = chosen.filter(c => c.category === 'automl');
      if (automl.length !== 1) {
        throw new InputError(
          `A ${task} project runs exactly one AutoML organism; ${
            automl.length
              ? `you chose ${automl.map(c => c.name).join(' and ')}`
              : `choose one, for example automl-${task.replace(
                  '-detection',
                  '',
                )}`
          }`,
        );
      }
      if (requirements.size !== 1) {
        throw new InputError(
          `The chosen components come from different library versions (${[
            ...requirements,
          ].join(', ')}); choose components of one version`,
        );
      }

      // What the chosen components are built from, level by level, through the catalog.
      const seen = new Set(refs);
      const builtFrom: string[] = [];
      let frontier = items.flatMap(e => (e ? dependsOnOf(e) : []));
      for (let depth = 0; frontier.length && depth < MAX_DEPTH; depth++) {
        const next = [...new Set(frontier.map(normalizeRef))].filter(
          r => !seen.has(r),
        );
        next.forEach(r => seen.add(r));
        if (!next.length) break;
        const parts = await catalog.getEntitiesByRefs(
          { entityRefs: next },
          { credentials },
        );
        const missing = next.filter((_, i) => !parts.items[i]);
        if (missing.length) {
          throw new InputError(
            `The chosen components are built from parts missing in the catalog: ${missing.join(
              ', ',
            )}`,
          );
        }
        parts.items.forEach(e => builtFrom.push(e!.metadata.name));
        frontier = parts.items.flatMap(e => dependsOnOf(e!));
      }

      const [requirement] = [...requirements];
      const pipeline = {
        task,
        automl: automl[0].name,
        components: chosen,
        builtFrom: builtFrom.sort(),
        library: requirement,
      };
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: composed the components', {
          automl: pipeline.automl,
        });
      }
      await fs.mkdir(outputDir, { recursive: true });
      await fs.writeFile(
        resolveSafeChildPath(outputDir, 'pipeline.json'),
        `${JSON.stringify(pipeline, null, 2)}\n`,
      );
      await fs.writeFile(
        resolveSafeChildPath(outputDir, 'requirements-components.txt'),
        [
          '# Written by the MLOps Portal from the catalog: the component library this project was made with.',
          requirement,
          '# The components this project uses, read by the portal on every catalog refresh (its reuse map):',
          ...chosen.map(c => `${REQUIREMENTS_COMPONENT_MARKER} ${c.ref}`),
          '',
        ].join('\n'),
      );
      ctx.logger.info('Composed the project from the catalog', {
        task,
        automl: pipeline.automl,
        components: chosen.length,
        builtFrom: builtFrom.length,
        requirement,
      });
      ctx.output(
        'dependsOn',
        chosen.map(c => c.ref),
      );
      ctx.output('automl', pipeline.automl);
      ctx.output('builtFrom', pipeline.builtFrom);
      ctx.output('requirement', requirement);
    },
  });
}
