import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { z } from 'zod/v3';
import {
  entityRefSchema,
  getEntityAsUser,
  oneOfSchema,
  parseRequest,
} from './request';

describe('parseRequest with entityRefSchema', () => {
  const query = z
    .object({
      entityRef: entityRefSchema(),
      owner: entityRefSchema({ defaultKind: 'group' }).optional(),
    })
    .strict();

  it('gives the full reference of a short one', () => {
    expect(
      parseRequest(query, { entityRef: 'Component:sales', owner: 'ml' }, 'q'),
    ).toEqual({
      entityRef: 'component:default/sales',
      owner: 'group:default/ml',
    });
  });

  it('says in one sentence what is wrong with each parameter', () => {
    expect(() => parseRequest(query, {}, 'query')).toThrow(
      'Invalid query: entityRef is required',
    );
    expect(() =>
      parseRequest(
        query,
        { entityRef: 'component:default/', owner: '' },
        'query',
      ),
    ).toThrow(
      'Invalid query: entityRef must be an entity reference such as component:default/name; owner is required',
    );
    expect(() =>
      parseRequest(query, { entityRef: 'sales', extra: '1' }, 'query'),
    ).toThrow(
      'Invalid query: entityRef must be an entity reference such as component:default/name; unknown parameter extra',
    );
    const error = (() => {
      try {
        return parseRequest(query, { entityRef: ['x', 'y'] }, 'query');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toMatchObject({ name: 'InputError' });
  });
});

describe('parseRequest with oneOfSchema', () => {
  const query = z.object({ view: oneOfSchema(['all', 'used'] as const) });

  it('takes one of the values and lists them when given another', () => {
    expect(parseRequest(query, { view: 'used' }, 'query')).toEqual({
      view: 'used',
    });
    expect(() => parseRequest(query, { view: 'some' }, 'query')).toThrow(
      'Invalid query: view must be one of all, used',
    );
  });
});

describe('getEntityAsUser', () => {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'sales', namespace: 'default' },
  };
  const catalog = catalogServiceMock({ entities: [entity] });

  it('reads the entity with the user’s own credentials', async () => {
    const spy = jest.spyOn(catalog, 'getEntityByRef');
    const credentials = mockCredentials.user('user:default/researcher');
    await expect(
      getEntityAsUser(catalog, 'component:default/sales', credentials),
    ).resolves.toMatchObject({ metadata: { name: 'sales' } });
    expect(spy).toHaveBeenCalledWith('component:default/sales', {
      credentials,
    });
  });

  it('answers 404 for an entity the user cannot see or that does not exist', async () => {
    await expect(
      getEntityAsUser(
        catalog,
        'component:default/hidden',
        mockCredentials.user(),
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/hidden in the catalog',
    });
  });
});
