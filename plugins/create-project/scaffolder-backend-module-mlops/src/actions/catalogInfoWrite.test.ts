import { promises as fs } from 'fs';
import path from 'path';
import yaml from 'yaml';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { projectWizard } from '../__testUtils__/projectWizard';
import { createCatalogInfoWriteAction } from './catalogInfoWrite';

async function write(input: Partial<typeof projectWizard>) {
  const { ctx, workspacePath, outputs } = mockActionContext({
    ...projectWizard,
    ...input,
  });
  await createCatalogInfoWriteAction().handler(ctx);
  const text = await fs.readFile(
    path.join(workspacePath, 'catalog-info.yaml'),
    'utf8',
  );
  return { text, outputs };
}

describe('mlops:catalogInfo:write', () => {
  it('writes the project as the catalog takes it', async () => {
    const { text, outputs } = await write({});
    expect(yaml.parseAllDocuments(text)).toHaveLength(1);
    expect(yaml.parse(text)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'sales-demand',
        title: 'sales-demand',
        description: 'Weekly demand per store',
        tags: ['forecasting', 'ml-project'],
        labels: { 'mlops-portal.io/level': 'page' },
        annotations: {
          'mlops-portal.io/tasks': 'forecasting',
          'mlops-portal.io/template': 'template:default/forecasting-project',
          'mlops-portal.io/template-version': '1.0.0',
          'clear.ml/project-name': 'forecasting/sales-demand',
          'backstage.io/techdocs-ref': 'dir:.',
        },
      },
      spec: {
        type: 'ml-project',
        lifecycle: 'experimental',
        owner: 'group:default/researchers',
        dependsOn: ['component:default/automl-forecasting'],
      },
    });
    expect(outputs.entityRef).toBe('component:default/sales-demand');
  });

  it('keeps a description that looks like YAML as text: no key, document or entity is added', async () => {
    const description =
      'Demand: "quoted" # not a comment --- {a: b} [c] &anchor *alias ${{ x }} {{ 7*7 }}';
    const { text } = await write({ description });
    const documents = yaml.parseAllDocuments(text);
    expect(documents).toHaveLength(1);
    expect(documents[0].errors).toEqual([]);
    const entity = documents[0].toJS();
    expect(entity.metadata.description).toBe(description);
    expect(Object.keys(entity.metadata)).toEqual([
      'name',
      'title',
      'description',
      'tags',
      'labels',
      'annotations',
    ]);
  });

  it.each([
    [
      'an owner that injects a key',
      { owner: 'group:default/researchers\n  namespace: finance' },
      'The owner "group:default/researchers\n  namespace: finance" is not a reference to a group or user of the catalog (like group:default/name)',
    ],
    [
      'an owner that is not a group or user',
      { owner: 'location:default/elsewhere' },
      'is not a reference to a group or user of the catalog',
    ],
    [
      'a component that injects a document',
      { components: ['component:default/naive\n---\nkind: Location'] },
      'is not a reference to a component of the catalog',
    ],
    [
      'a description over several lines',
      { description: 'One line\nowner: group:default/administrators' },
      'The description must be one line of 10 to 200 characters, without line breaks or tabs',
    ],
    [
      'a name the wizard would refuse',
      { name: 'Sales: demand' },
      '"Sales: demand" cannot be a project name',
    ],
    [
      'a task that does not exist',
      { task: 'forecasting\nextra: 1' },
      'is not a task of the atomic catalog',
    ],
  ])('refuses %s, and writes nothing', async (_what, input, message) => {
    const { ctx, workspacePath } = mockActionContext({
      ...projectWizard,
      ...input,
    });
    await expect(createCatalogInfoWriteAction().handler(ctx)).rejects.toThrow(
      message,
    );
    await expect(
      fs.access(path.join(workspacePath, 'catalog-info.yaml')),
    ).rejects.toThrow();
  });
});
