import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DefaultReuseMapService } from './ReuseMapService';

describe('DefaultReuseMapService', () => {
  it('reuses a snapshot whose read took longer than cacheSeconds', async () => {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'naive',
            labels: { 'mlops-portal.io/level': 'atom' },
          },
          spec: { type: 'ml-atom', owner: 'group:default/team' },
        },
      ],
    });
    let reads = 0;
    const query = catalog.queryEntities.bind(catalog);
    // a catalog that answers slower than the cache lasts (a large catalog on a busy machine)
    catalog.queryEntities = (async (...args: Parameters<typeof query>) => {
      reads += 1;
      await new Promise(r => setTimeout(r, 300));
      return query(...args);
    }) as typeof query;
    const reuse = DefaultReuseMapService.fromConfig(
      { getOptionalNumber: () => 0.2 },
      { catalog, logger: mockServices.logger.mock() },
    );
    const credentials = mockCredentials.user('user:default/ada');
    const first = await reuse.getMap({}, { credentials });
    const readsForOneSnapshot = reads;
    const second = await reuse.getMap({}, { credentials });
    expect(reads).toBe(readsForOneSnapshot);
    expect(second.generatedAt).toBe(first.generatedAt);
    // once the lifetime has passed since the read ended, the catalog is read again
    await new Promise(r => setTimeout(r, 250));
    await reuse.getMap({}, { credentials });
    expect(reads).toBe(readsForOneSnapshot * 2);
  });
});
