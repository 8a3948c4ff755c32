import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReuseMap } from '@mlops-portal/plugin-reuse-common';
import request from 'supertest';
import { reusePlugin } from './plugin';

function component(
  name: string,
  level: string,
  extra: { task?: string; owner?: string; lifecycle?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      title: name.toUpperCase(),
      labels: { 'mlops-portal.io/level': level },
      annotations: { 'mlops-portal.io/tasks': extra.task ?? 'forecasting' },
    },
    spec: {
      type: `ml-${level}`,
      lifecycle: extra.lifecycle ?? 'production',
      owner: extra.owner ?? 'group:default/researchers',
    },
  };
}

function project(name: string, uses: string[]): Entity {
  return {
    ...component(name, 'page'),
    relations: uses.map(u => ({
      type: 'dependsOn',
      targetRef: `component:default/${u}`,
    })),
  };
}

const entities = [
  component('naive', 'atom'),
  component('mae', 'atom', { owner: 'group:default/metrics' }),
  component('theta', 'molecule', { lifecycle: 'deprecated' }),
  component('iforest', 'molecule', { task: 'anomaly-detection' }),
  component('automl', 'organism'),
  project('sales', ['automl', 'theta']),
  project('energy', ['automl', 'naive']),
  project('sensors', ['iforest']),
];

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      reusePlugin,
      mockServices.rootConfig.factory({ data: { reuse: { cacheSeconds: 0 } } }),
      mockServices.permissions.factory({ result: permission }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  return server;
}

describe('reuse backend plugin', () => {
  it('answers the map: users per component, counts per level, unused and deprecated', async () => {
    const server = await start();
    const res = await request(server).get('/api/reuse/map');
    expect(res.status).toBe(200);
    const map = res.body as ReuseMap;
    expect(map.totals).toEqual({
      components: 5,
      projects: 3,
      usedComponents: 4,
      unusedComponents: 1,
      usages: 5,
    });
    expect(map.levels).toEqual([
      { level: 'atom', components: 2, used: 1, usages: 1 },
      { level: 'molecule', components: 2, used: 2, usages: 2 },
      { level: 'organism', components: 1, used: 1, usages: 2 },
      { level: 'template', components: 0, used: 0, usages: 0 },
    ]);
    expect(map.rows.items.map(r => [r.ref, r.usage])).toEqual([
      ['component:default/automl', 2],
      ['component:default/iforest', 1],
      ['component:default/naive', 1],
      ['component:default/theta', 1],
      ['component:default/mae', 0],
    ]);
    expect(map.rows.items[0].projects.map(p => p.title)).toEqual([
      'ENERGY',
      'SALES',
    ]);
    expect(map.deprecatedUsages).toEqual([
      {
        project: {
          ref: 'component:default/sales',
          title: 'SALES',
          owner: 'group:default/researchers',
        },
        components: [
          {
            ref: 'component:default/theta',
            title: 'THETA',
            owner: 'group:default/researchers',
          },
        ],
      },
    ]);
    expect(map.facets).toEqual({
      owners: ['group:default/metrics', 'group:default/researchers'],
      tasks: ['anomaly-detection', 'forecasting'],
    });
  });

  it('shows a user the policy does not let read the catalog an empty map', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server).get('/api/reuse/map');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      components: 0,
      projects: 0,
      usedComponents: 0,
      unusedComponents: 0,
      usages: 0,
    });
    expect(res.body.rows.items).toEqual([]);
    expect(res.body.facets).toEqual({ owners: [], tasks: [] });
  });

  it('filters by task and owner, and lists one view a page at a time', async () => {
    const server = await start();
    const unused = await request(server)
      .get('/api/reuse/map')
      .query({ view: 'unused' });
    expect(unused.body.rows.items.map((r: any) => r.ref)).toEqual([
      'component:default/mae',
    ]);
    const anomaly = await request(server)
      .get('/api/reuse/map')
      .query({ task: 'anomaly-detection' });
    expect(anomaly.body.totals).toMatchObject({ components: 1, projects: 1 });
    const metrics = await request(server)
      .get('/api/reuse/map')
      .query({ owner: 'metrics', limit: 1, offset: 0 });
    expect(metrics.body.rows).toMatchObject({
      total: 1,
      items: [{ ref: 'component:default/mae', usage: 0 }],
    });
    const page = await request(server)
      .get('/api/reuse/map')
      .query({ limit: 2, offset: 2 });
    expect(page.body.rows.total).toBe(5);
    expect(page.body.rows.items.map((r: any) => r.ref)).toEqual([
      'component:default/naive',
      'component:default/theta',
    ]);
  });

  it('rejects invalid parameters with a clear message', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/reuse/map')
      .query({ task: 'regression', limit: 1000, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid reuse map query: task must be one of forecasting, classification, anomaly-detection; limit must be at most 500; unknown parameter colour',
    );
    const users = await request(server)
      .get('/api/reuse/users')
      .query({ entityRef: 'component:default/' });
    expect(users.status).toBe(400);
    expect(users.body.error.message).toBe(
      'Invalid users query: entityRef must be an entity reference such as component:default/name',
    );
  });

  it('lists the projects that use one component', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/reuse/users')
      .query({ entityRef: 'component:default/automl' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/automl',
      usage: 2,
      projects: [
        {
          ref: 'component:default/energy',
          title: 'ENERGY',
          owner: 'group:default/researchers',
        },
        {
          ref: 'component:default/sales',
          title: 'SALES',
          owner: 'group:default/researchers',
        },
      ],
    });
  });
});
