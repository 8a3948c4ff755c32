import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs } from 'fs';
import path from 'path';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { libraryEntities } from '../__testUtils__/renderTemplate';
import { composeComponentsAction } from './composeComponents';

function actionWith(entities: Entity[] = libraryEntities()) {
  return composeComponentsAction({ catalog: catalogServiceMock({ entities }) });
}

describe('mlops:components:compose', () => {
  it('writes the pipeline configuration and the pinned library from the catalog', async () => {
    const { ctx, outputs, workspacePath } = mockActionContext({
      task: 'forecasting',
      components: ['component:default/automl-forecasting', 'theta'],
      allowedLevels: ['organism', 'molecule'],
      targetPath: './',
    });
    await actionWith().handler(ctx);

    const pipeline = JSON.parse(
      await fs.readFile(path.join(workspacePath, 'pipeline.json'), 'utf8'),
    );
    expect(pipeline).toMatchObject({
      task: 'forecasting',
      automl: 'automl-forecasting',
      library: 'mlops-components==0.1.0',
      components: [
        {
          ref: 'component:default/automl-forecasting',
          level: 'organism',
          category: 'automl',
        },
        {
          ref: 'component:default/theta',
          level: 'molecule',
          category: 'model',
        },
      ],
    });
    // What they are built from comes from the catalog, through every level.
    expect(pipeline.builtFrom).toEqual(
      expect.arrayContaining([
        'forecast-combination',
        'naive2',
        'seasonal-adjustment',
        'sarima',
      ]),
    );
    expect(
      await fs.readFile(
        path.join(workspacePath, 'requirements-components.txt'),
        'utf8',
      ),
    ).toMatch(
      /^mlops-components==0\.1\.0\n# The components .*\n# component: component:default\/automl-forecasting\n# component: component:default\/theta\n$/m,
    );
    expect(outputs.dependsOn).toEqual([
      'component:default/automl-forecasting',
      'component:default/theta',
    ]);
    expect(outputs.requirement).toBe('mlops-components==0.1.0');
  });

  it('rejects a component that does not exist', async () => {
    const { ctx, workspacePath } = mockActionContext({
      task: 'forecasting',
      components: [
        'component:default/automl-forecasting',
        'component:default/prophet',
      ],
      allowedLevels: ['organism', 'molecule'],
      targetPath: './',
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      'The chosen components do not fit a forecasting project: component:default/prophet does not exist in the catalog',
    );
    await expect(
      fs.access(path.join(workspacePath, 'pipeline.json')),
    ).rejects.toThrow();
  });

  it('rejects a component of another task and one of a level the template does not allow', async () => {
    const { ctx } = mockActionContext({
      task: 'forecasting',
      components: ['automl-forecasting', 'rocket-classifier', 'mase'],
      allowedLevels: ['organism', 'molecule'],
      targetPath: './',
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      'component:default/rocket-classifier is for classification, not forecasting; component:default/mase is an atom; this template starts from organism, molecule',
    );
  });

  it('asks for exactly one AutoML organism', async () => {
    const none = mockActionContext({
      task: 'anomaly-detection',
      components: ['rolling-z-score'],
      allowedLevels: ['organism', 'molecule', 'atom'],
      targetPath: './',
    });
    await expect(actionWith().handler(none.ctx)).rejects.toThrow(
      'A anomaly-detection project runs exactly one AutoML organism; choose one, for example automl-anomaly',
    );
  });

  it('rejects a component whose parts are missing from the catalog', async () => {
    const withoutTheta = libraryEntities().filter(
      e => e.metadata.name !== 'seasonal-adjustment',
    );
    const { ctx } = mockActionContext({
      task: 'forecasting',
      components: ['automl-forecasting'],
      allowedLevels: ['organism'],
      targetPath: './',
    });
    await expect(actionWith(withoutTheta).handler(ctx)).rejects.toThrow(
      'The chosen components are built from parts missing in the catalog: component:default/seasonal-adjustment',
    );
  });

  it('never writes outside the workspace', async () => {
    for (const targetPath of ['../../etc', '/etc']) {
      const { ctx } = mockActionContext({
        task: 'forecasting',
        components: ['automl-forecasting'],
        allowedLevels: ['organism'],
        targetPath,
      });
      await expect(actionWith().handler(ctx)).rejects.toThrow(
        /outside|not allowed/i,
      );
    }
  });

  it('rejects something that is not an entity reference', async () => {
    const { ctx } = mockActionContext({
      task: 'classification',
      components: ['component:default/a/b/c'],
      allowedLevels: ['organism'],
      targetPath: './',
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      '"component:default/a/b/c" is not a catalog entity reference',
    );
  });
});
