import { AuthService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LEVEL_LABEL } from '@mlops-portal/plugin-atomic-catalog-common';
import yaml from 'yaml';
import { examples } from './projectRegister.examples';

/** The only kind of entity this action registers: the project a template made, at the page level. */
const PROJECT_TYPE = 'ml-project';
const PROJECT_LEVEL = 'page';

/** How often the action looks for the new entity while the catalog processes the location. */
const POLL_MS = 100;

/**
 * `mlops:project:register`: registers the `catalog-info.yaml` of a repository a template has just
 * published. Registering locations is for administrators in the portal's permission policy (it is how
 * templates are added), so this action registers with the scaffolder's own service credentials, and
 * only what a template makes: a URL on a configured GitLab host whose file holds exactly one
 * Component of type `ml-project` at the page level, in a file without YAML errors. Afterwards the
 * catalog holds the file to that project (`catalog.rules` and
 * `@mlops-portal/plugin-catalog-backend-module-projects`).
 *
 * The catalog reads a new location in the background; the action waits until the entity is there
 * (usually one to two seconds), so that the task's "Open in catalog" link works the moment it shows.
 */
export function createProjectRegisterAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  urlReader: UrlReaderService;
  integrations: ScmIntegrationRegistry;
  /** How long to wait for the entity to appear in the catalog; default 30 s. */
  waitForEntityMs?: number;
}) {
  const { catalog, auth, urlReader, integrations } = options;
  const waitForEntityMs = options.waitForEntityMs ?? 30_000;
  return createTemplateAction({
    id: 'mlops:project:register',
    description:
      "Registers a new project's catalog-info.yaml from its GitLab repository (one ml-project Component only).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string().describe("publish:gitlab's repoContentsUrl output"),
        catalogInfoPath: z =>
          z
            .string()
            .default('/catalog-info.yaml')
            .describe('Path of the entity file in the repository'),
      },
      output: {
        entityRef: z => z.string().describe('The registered entity'),
        catalogInfoUrl: z => z.string().describe('The registered location'),
      },
    },
    async handler(ctx) {
      const path = ctx.input.catalogInfoPath ?? '/catalog-info.yaml';
      if (!/^\/[A-Za-z0-9_.\-/]+\.ya?ml$/.test(path) || path.includes('..')) {
        throw new InputError(
          `"${path}" is not a YAML file path in the repository`,
        );
      }
      const target = `${ctx.input.repoContentsUrl.replace(/\/+$/, '')}${path}`;
      let host: string;
      try {
        host = new URL(target).host;
      } catch {
        throw new InputError(`"${target}" is not a URL`);
      }
      if (!integrations.gitlab.byHost(host)) {
        throw new InputError(
          `${host} is not a GitLab host the portal is configured for (integrations.gitlab); only projects published there are registered`,
        );
      }

      const file = await urlReader.readUrl(target);
      const parsed = yaml.parseAllDocuments(
        (await file.buffer()).toString('utf8'),
      );
      // A file with a YAML error anywhere is refused whole, never half-read.
      const yamlError = parsed.flatMap(d => d.errors)[0];
      if (yamlError) {
        throw new InputError(
          `${target} is not valid YAML (${yamlError.message
            .split('\n')[0]
            .replace(
              /:$/,
              '',
            )}), so the project was not registered; fix the file in the repository and run the task again`,
        );
      }
      const documents = parsed.map(d => d.toJS());
      const [entity] = documents;
      if (
        documents.length !== 1 ||
        entity?.kind !== 'Component' ||
        entity?.spec?.type !== PROJECT_TYPE ||
        entity?.metadata?.labels?.[LEVEL_LABEL] !== PROJECT_LEVEL ||
        (entity?.metadata?.namespace ?? DEFAULT_NAMESPACE) !==
          DEFAULT_NAMESPACE ||
        typeof entity?.metadata?.name !== 'string'
      ) {
        throw new InputError(
          `${target} must hold exactly one Component of type ${PROJECT_TYPE}, labelled ${LEVEL_LABEL}: ${PROJECT_LEVEL}, in the default namespace; register anything else through an administrator`,
        );
      }
      const entityRef = stringifyEntityRef({
        kind: 'Component',
        namespace: DEFAULT_NAMESPACE,
        name: entity.metadata.name,
      });
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: would register the project', { target });
        return;
      }
      await ctx.checkpoint({
        key: `catalog.project.register.${target}`,
        fn: async () => {
          try {
            await catalog.addLocation(
              { type: 'url', target },
              { credentials: await auth.getOwnServiceCredentials() },
            );
          } catch (e) {
            // already registered (a retried task, or registered by hand): that is what we want
            if (
              !(
                e instanceof ConflictError ||
                (e as Error).name === 'ConflictError'
              )
            ) {
              throw e;
            }
          }
        },
      });
      const credentials = await auth.getOwnServiceCredentials();
      const deadline = Date.now() + waitForEntityMs;
      while (!(await catalog.getEntityByRef(entityRef, { credentials }))) {
        if (Date.now() >= deadline) {
          ctx.logger.warn(
            'Registered the project, but the catalog has not shown it yet; it appears once the catalog has processed the location (entity page, or the location in the catalog if it has errors)',
            { target, entityRef, waitedMs: waitForEntityMs },
          );
          return;
        }
        await new Promise(resolve => setTimeout(resolve, POLL_MS));
      }
      ctx.logger.info('Registered the project in the catalog', {
        target,
        entityRef,
      });
    },
  });
}
