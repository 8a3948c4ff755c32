import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createFetchPlainAction,
  createFetchTemplateAction,
} from '@backstage/plugin-scaffolder-backend';
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import yaml from 'yaml';
import { createCatalogInfoWriteAction } from '../actions/catalogInfoWrite';
import { composeComponentsAction } from '../actions/composeComponents';
import { mockActionContext } from './mockActionContext';

export const repoRoot = path.resolve(__dirname, '../../../../..');
export const templatesDir = path.join(repoRoot, 'templates');
export const TASKS = ['forecasting', 'classification', 'anomaly-detection'];

/** The component library's real catalog entities. */
export function libraryEntities(): Entity[] {
  const dir = path.join(repoRoot, 'catalog-info/components');
  return readdirSync(dir)
    .filter(f => f.endsWith('.yaml') && f !== 'all.yaml')
    .map(f => yaml.parse(readFileSync(path.join(dir, f), 'utf8')))
    .filter((e: Entity) => e.kind === 'Component');
}

/**
 * Fills the `${{ parameters.* }}` expressions our templates use in step inputs, as the task engine
 * does (a whole-string expression keeps the parameter's type, such as the components array).
 */
function fill(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = value.match(/^\$\{\{\s*parameters\.(\w+)\s*\}\}$/);
    if (whole) return parameters[whole[1]];
    return value.replace(
      /\$\{\{\s*parameters\.(\w+)(?:\s*\|\s*replace\('(.)',\s*'(.)'\))?\s*\}\}/g,
      (_, name: string, from?: string, to?: string) => {
        const text = String(parameters[name]);
        return from ? text.split(from).join(to) : text;
      },
    );
  }
  if (Array.isArray(value)) return value.map(v => fill(v, parameters));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, parameters)]),
    );
  }
  return value;
}

/**
 * Runs a template's local steps (fetch:template, mlops:catalogInfo:write, fetch:plain,
 * mlops:components:compose) with
 * Backstage's own actions into a fresh workspace, and returns its path.
 */
export async function renderTemplate(
  task: string,
  parameters: Record<string, unknown>,
): Promise<string> {
  const templatePath = path.join(templatesDir, `${task}.yaml`);
  const template = yaml.parse(readFileSync(templatePath, 'utf8'));
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const reader = mockServices.urlReader.mock();
  const actions: Record<string, { handler: (ctx: never) => Promise<void> }> = {
    'fetch:template': createFetchTemplateAction({ reader, integrations }),
    'fetch:plain': createFetchPlainAction({ reader, integrations }),
    'mlops:catalogInfo:write': createCatalogInfoWriteAction(),
    'mlops:components:compose': composeComponentsAction({
      catalog: catalogServiceMock({ entities: libraryEntities() }),
    }),
  };
  // the wizard starts from each field's default, as a researcher who accepts it
  const values: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [name, field] of Object.entries(page.properties ?? {})) {
      const { default: fallback } = field as { default?: unknown };
      if (fallback !== undefined) values[name] = fallback;
    }
  }
  Object.assign(values, parameters);
  const workspace = mockActionContext({}).workspacePath;
  for (const step of template.spec.steps) {
    const action = actions[step.action];
    if (!action) continue; // the remote steps: publish, ClearML, catalog registration
    const { ctx } = mockActionContext(fill(step.input, values) as never);
    Object.assign(ctx, {
      workspacePath: workspace,
      templateInfo: {
        baseUrl: `file://${templatePath}`,
        entityRef: `template:default/${template.metadata.name}`,
      },
    });
    await action.handler(ctx);
  }
  return workspace;
}
