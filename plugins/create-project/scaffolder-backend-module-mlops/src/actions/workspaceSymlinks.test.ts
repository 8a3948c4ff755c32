/*
 * THREATS 23, path traversal through symbolic links: a workspace in which the skeleton or an earlier
 * step left a link pointing outside (a folder linked to another folder, a file linked to someone
 * else's file, a dangling link, a chain of links) — the portal's own actions that write files refuse
 * to write through it, and the file outside stays as it was. The protection is Backstage's
 * `resolveSafeChildPath` (backend-plugin-api 1.12, which resolves links through cli-common's
 * `isChildPath`), which every path our actions write goes through.
 */
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs, mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { projectWizard } from '../__testUtils__/projectWizard';
import { libraryEntities } from '../__testUtils__/renderTemplate';
import { createCatalogInfoWriteAction } from './catalogInfoWrite';
import { composeComponentsAction } from './composeComponents';

const ORIGINAL = 'somebody else’s file\n';
const OUTSIDE =
  'Relative path is not allowed to refer to a directory outside its parent';
let outside: string;
let victim: string;
beforeEach(async () => {
  outside = mkdtempSync(path.join(os.tmpdir(), 'outside-workspace-'));
  victim = path.join(outside, 'victim.txt');
  await fs.writeFile(victim, ORIGINAL);
});
afterEach(async () => {
  await fs.rm(outside, { recursive: true, force: true });
});

const compose = (targetPath: string) =>
  mockActionContext({
    task: 'forecasting',
    components: ['automl-forecasting'],
    allowedLevels: ['organism'],
    targetPath,
  });
const composeAction = () =>
  composeComponentsAction({
    catalog: catalogServiceMock({ entities: libraryEntities() }),
  });

describe('the portal’s actions and symbolic links in the workspace', () => {
  it('mlops:catalogInfo:write refuses a catalog-info.yaml that links to a file outside', async () => {
    const { ctx, workspacePath } = mockActionContext(projectWizard);
    await fs.symlink(victim, path.join(workspacePath, 'catalog-info.yaml'));
    await expect(createCatalogInfoWriteAction().handler(ctx)).rejects.toThrow(
      OUTSIDE,
    );
    expect(await fs.readFile(victim, 'utf8')).toBe(ORIGINAL);
  });

  it('mlops:catalogInfo:write refuses a dangling link, and creates nothing outside', async () => {
    const { ctx, workspacePath } = mockActionContext(projectWizard);
    const missing = path.join(outside, 'created.yaml');
    await fs.symlink(missing, path.join(workspacePath, 'catalog-info.yaml'));
    await expect(createCatalogInfoWriteAction().handler(ctx)).rejects.toThrow(
      OUTSIDE,
    );
    await expect(fs.access(missing)).rejects.toThrow();
  });

  it('mlops:components:compose refuses a target folder that links outside, also through a chain of links', async () => {
    const { ctx, workspacePath } = compose('config');
    await fs.symlink(outside, path.join(workspacePath, 'hop'));
    await fs.symlink(
      path.join(workspacePath, 'hop'),
      path.join(workspacePath, 'config'),
    );
    await expect(composeAction().handler(ctx)).rejects.toThrow(OUTSIDE);
    expect(await fs.readdir(outside)).toEqual(['victim.txt']);
  });

  it('mlops:components:compose refuses a folder below a link to outside', async () => {
    const { ctx, workspacePath } = compose('config/deeper');
    await fs.symlink(outside, path.join(workspacePath, 'config'));
    await expect(composeAction().handler(ctx)).rejects.toThrow(OUTSIDE);
    expect(await fs.readdir(outside)).toEqual(['victim.txt']);
  });

  it('mlops:components:compose refuses a pipeline.json that links to a file outside', async () => {
    const { ctx, workspacePath } = compose('./');
    await fs.symlink(victim, path.join(workspacePath, 'pipeline.json'));
    await expect(composeAction().handler(ctx)).rejects.toThrow(OUTSIDE);
    expect(await fs.readFile(victim, 'utf8')).toBe(ORIGINAL);
  });

  it('still writes through a link that stays inside the workspace', async () => {
    const { ctx, workspacePath } = compose('config');
    await fs.mkdir(path.join(workspacePath, 'real-config'));
    await fs.symlink(
      path.join(workspacePath, 'real-config'),
      path.join(workspacePath, 'config'),
    );
    await composeAction().handler(ctx);
    expect(
      JSON.parse(
        await fs.readFile(
          path.join(workspacePath, 'real-config/pipeline.json'),
          'utf8',
        ),
      ).automl,
    ).toBe('automl-forecasting');
  });
});
