import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  DefaultSiblingFileReader,
  ProjectFilesProcessor,
} from './ProjectFilesProcessor';

function project(
  dependsOn: string[] = ['component:default/automl-forecasting'],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'sales',
      labels: { 'mlops-portal.io/level': 'page' },
      annotations: {
        'mlops-portal.io/template': 'template:default/forecasting-project',
      },
    },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/researchers',
      dependsOn: [...dependsOn, 'resource:default/warehouse'],
    },
  };
}

const unusedUrlReader = {
  readUrl: jest.fn(),
  readTree: jest.fn(),
  search: jest.fn(),
};

function makeProcessor(reader = unusedUrlReader) {
  return ProjectFilesProcessor.create({
    files: DefaultSiblingFileReader.create({
      reader,
      resolveUrl: (url, base) => new URL(url, base).toString(),
    }),
    logger: mockServices.logger.mock(),
  });
}

async function run(entity: Entity, target: string, type = 'file') {
  const emitted: CatalogProcessorResult[] = [];
  const result = await makeProcessor().preProcessEntity(
    entity,
    { type, target },
    r => emitted.push(r),
  );
  return { entity: result, emitted };
}

/** What the processor emits for a file it could not use: a processing error with this message. */
function processingError(message: unknown) {
  return expect.objectContaining({
    type: 'error',
    error: expect.objectContaining({ message }),
  });
}

describe('ProjectFilesProcessor', () => {
  let dir: string;
  let target: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-processor-'));
    target = path.join(dir, 'catalog-info.yaml');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sets dependsOn to the components the project files name, keeping other kinds', async () => {
    fs.writeFileSync(
      path.join(dir, 'pipeline.json'),
      JSON.stringify({
        components: [{ ref: 'component:default/automl-forecasting' }],
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'requirements-components.txt'),
      'mlops-components==0.1.0\n# component: theta\n',
    );
    const { entity, emitted } = await run(
      project(['component:default/old']),
      target,
    );
    expect(emitted).toEqual([]);
    expect(entity.spec!.dependsOn).toEqual([
      'resource:default/warehouse',
      'component:default/automl-forecasting',
      'component:default/theta',
    ]);
  });

  it('keeps what the entity declares when the project has neither file', async () => {
    const entity = project();
    const result = await run(entity, target);
    expect(result.entity).toBe(entity);
    expect(result.emitted).toEqual([]);
  });

  it('reports an invalid file as a processing error and keeps the entity', async () => {
    fs.writeFileSync(path.join(dir, 'pipeline.json'), '{ not json');
    const entity = project();
    const { entity: result, emitted } = await run(entity, target);
    expect(result).toBe(entity);
    expect(emitted).toEqual([
      processingError(
        expect.stringMatching(
          /^component:default\/sales: pipeline.json is not valid JSON/,
        ),
      ),
    ]);
  });

  it('leaves entities that are not projects alone', async () => {
    fs.writeFileSync(path.join(dir, 'pipeline.json'), '{ not json');
    const atom = {
      ...project(),
      metadata: { name: 'naive', labels: { 'mlops-portal.io/level': 'atom' } },
    };
    const result = await run(atom, target);
    expect(result.entity).toBe(atom);
    expect(result.emitted).toEqual([]);
  });

  it('reads url locations through the UrlReaderService, relative to catalog-info.yaml', async () => {
    const reader = {
      ...unusedUrlReader,
      readUrl: jest.fn(async (url: string) => {
        if (url.endsWith('/requirements-components.txt')) {
          return {
            buffer: async () =>
              Buffer.from('# component: component:default/theta\n'),
          } as any;
        }
        throw new NotFoundError(url);
      }),
    };
    const emitted: CatalogProcessorResult[] = [];
    const result = await makeProcessor(reader).preProcessEntity(
      project(),
      {
        type: 'url',
        target:
          'https://gitlab.example.com/g/sales/-/blob/main/catalog-info.yaml',
      },
      r => emitted.push(r),
    );
    expect(reader.readUrl.mock.calls.map(c => c[0])).toEqual([
      'https://gitlab.example.com/g/sales/-/blob/main/pipeline.json',
      'https://gitlab.example.com/g/sales/-/blob/main/requirements-components.txt',
    ]);
    expect(emitted).toEqual([]);
    expect(result.spec!.dependsOn).toEqual([
      'resource:default/warehouse',
      'component:default/theta',
    ]);
  });

  it('reports a file the reader fails on with the reason', async () => {
    const reader = {
      ...unusedUrlReader,
      readUrl: jest.fn(async () => {
        throw new Error('GitLab answered 500');
      }),
    };
    const emitted: CatalogProcessorResult[] = [];
    const entity = project();
    const result = await makeProcessor(reader).preProcessEntity(
      entity,
      {
        type: 'url',
        target: 'https://gitlab.example.com/g/s/-/blob/main/catalog-info.yaml',
      },
      r => emitted.push(r),
    );
    expect(result).toBe(entity);
    expect(emitted).toEqual([
      processingError(
        expect.stringContaining(
          'could not read pipeline.json next to https://gitlab.example.com/g/s/-/blob/main/catalog-info.yaml: GitLab answered 500',
        ),
      ),
    ]);
  });
});
