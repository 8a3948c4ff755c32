import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { queryAllEntitiesAsUser } from './catalog';

const component = (name: string, level: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, labels: { 'mlops-portal.io/level': level } },
  spec: { type: 'ml-project', owner: 'group:default/researchers' },
});

describe('queryAllEntitiesAsUser', () => {
  const entities = [
    ...Array.from({ length: 7 }, (_, i) => component(`project-${i}`, 'page')),
    component('scaler', 'atom'),
  ];

  it('reads every matching entity across pages, with only the fields asked for, as the user', async () => {
    const catalog = catalogServiceMock({ entities });
    const query = jest.spyOn(catalog, 'queryEntities');
    const credentials = mockCredentials.user('user:default/researcher');

    const found = await queryAllEntitiesAsUser(
      catalog,
      {
        filter: { 'metadata.labels.mlops-portal.io/level': 'page' },
        fields: ['kind', 'metadata.name'],
        pageSize: 3,
      },
      credentials,
    );

    expect(found.map(e => e.metadata.name).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `project-${i}`),
    );
    expect(found.every(e => e.spec === undefined)).toBe(true);
    // three pages of at most three, each read with the user's credentials
    expect(query).toHaveBeenCalledTimes(3);
    for (const [request, options] of query.mock.calls) {
      expect(request).toMatchObject({ limit: 3 });
      expect(options).toEqual({ credentials });
    }
  });
});
