import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogTargetLevelResolver } from './TargetLevelResolver';

const entity = (name: string, level?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(level ? { labels: { 'mlops-portal.io/level': level } } : {}),
  },
  spec: {},
});

function makeResolver() {
  const catalog = catalogServiceMock({
    entities: [
      entity('naive', 'atom'),
      entity('theta', 'molecule'),
      entity('portal'),
      entity('odd', 'quark'),
    ],
  });
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const resolver = CatalogTargetLevelResolver.create({
    catalog,
    auth: mockServices.auth(),
  });
  return { resolver, getEntitiesByRefs };
}

describe('CatalogTargetLevelResolver', () => {
  it('reads each target’s level: a level, null without one, undefined when missing', async () => {
    const { resolver } = makeResolver();
    const levels = await resolver.levelsOf([
      'component:default/naive',
      'component:default/portal',
      'component:default/odd',
      'component:default/ghost',
    ]);
    expect([...levels]).toEqual([
      ['component:default/naive', 'atom'],
      ['component:default/portal', null],
      ['component:default/odd', null],
      ['component:default/ghost', undefined],
    ]);
  });

  it('answers the questions of entities processed at the same time with one catalog request', async () => {
    const { resolver, getEntitiesByRefs } = makeResolver();
    const [a, b, c] = await Promise.all([
      resolver.levelsOf(['component:default/x', 'component:default/naive']),
      resolver.levelsOf(['component:default/y', 'component:default/naive']),
      resolver.levelsOf(['component:default/theta']),
    ]);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'component:default/x',
      'component:default/naive',
      'component:default/y',
      'component:default/theta',
    ]);
    // Each asker gets the answers to its own questions only.
    expect([...a]).toEqual([
      ['component:default/x', undefined],
      ['component:default/naive', 'atom'],
    ]);
    expect([...b.keys()]).toEqual([
      'component:default/y',
      'component:default/naive',
    ]);
    expect([...c]).toEqual([['component:default/theta', 'molecule']]);

    // A later question is a new request: nothing is cached between batches.
    await resolver.levelsOf(['component:default/naive']);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('passes a catalog failure to every asker of the batch', async () => {
    const { resolver, getEntitiesByRefs } = makeResolver();
    getEntitiesByRefs.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    const results = await Promise.allSettled([
      resolver.levelsOf(['component:default/naive']),
      resolver.levelsOf(['component:default/theta']),
    ]);
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(await resolver.levelsOf(['component:default/naive'])).toEqual(
      new Map([['component:default/naive', 'atom']]),
    );
  });

  it('splits a very large batch into several requests', async () => {
    const { resolver, getEntitiesByRefs } = makeResolver();
    const refs = (from: number) =>
      Array.from({ length: 300 }, (_, i) => `component:default/c${from + i}`);
    await Promise.all([
      resolver.levelsOf(refs(0)),
      resolver.levelsOf(refs(300)),
      resolver.levelsOf(refs(600)),
    ]);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('asks nothing for no targets', async () => {
    const { resolver, getEntitiesByRefs } = makeResolver();
    expect(await resolver.levelsOf([])).toEqual(new Map());
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });
});
