import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  clearmlStandinPerTest,
  SECRET_KEY,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import {
  ComponentBestResultResponse,
  LeaderboardResponse,
} from '@mlops-portal/plugin-leaderboard-common';
import { mlProjectEntity } from '@mlops-portal/plugin-clearml-common/testUtils';
import request from 'supertest';
import { leaderboardPlugin } from './plugin';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, labels: { 'mlops-portal.io/level': 'molecule' } },
    spec: { type: 'ml-molecule', owner: 'group:default/researchers' },
  };
}

const entities = [
  mlProjectEntity('sales-forecast', { title: 'Sales forecast' }),
  mlProjectEntity('energy-demand', { title: 'Energy demand' }),
  // The requesting user (user:default/mock) cannot see this one; user:default/lead can.
  mlProjectEntity('sensor-anomalies', { title: 'Sensor anomalies' }),
  component('theta'),
  component('exponential-smoothing'),
  component('rolling-z-score'),
  component('sarima'),
];
const HIDDEN = ['component:default/sensor-anomalies'];

/** The catalog as each user sees it: the default user does not see the hidden project. */
const catalogAsUsers = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const all = catalogServiceMock({ entities });
    const restricted = catalogServiceMock({
      entities: entities.filter(e => !HIDDEN.includes(refOf(e))),
    });
    const as = (credentials: BackstageCredentials): CatalogService =>
      (credentials.principal as { userEntityRef?: string }).userEntityRef ===
      'user:default/lead'
        ? all
        : restricted;
    return {
      ...all,
      queryEntities: (req, options) =>
        as(options.credentials).queryEntities(req, options),
      getEntityByRef: (ref, options) =>
        as(options.credentials).getEntityByRef(ref, options),
    } as CatalogService;
  },
});

/** A task's leaderboard, as the page asks for it. */
function getRuns(server: Parameters<typeof request>[0], task: string) {
  return request(server).get('/api/leaderboard/runs').query({ task });
}

function refOf(entity: Entity) {
  return `component:default/${entity.metadata.name}`;
}

describe('leaderboard backend plugin', () => {
  const standin = clearmlStandinPerTest();

  async function start(options?: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    leaderboard?: object;
  }) {
    const { server } = await startTestBackend({
      features: [
        leaderboardPlugin,
        mockServices.rootConfig.factory({
          data: {
            clearml: standin().clearmlConfig(),
            leaderboard: options?.leaderboard ?? {},
          },
        }),
        catalogAsUsers,
        mockServices.permissions.factory({
          result: options?.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    return server;
  }

  it("ranks each project's best run where metric and dataset agree, across projects", async () => {
    const server = await start();
    const res = await getRuns(server, 'forecasting');
    expect(res.status).toBe(200);
    const body = res.body as LeaderboardResponse;
    expect(body.task).toBe('forecasting');
    expect(body.projects).toEqual({ total: 2, withRuns: 2 });
    expect(body.maxAgeSeconds).toBe(60);
    expect(Date.now() - Date.parse(body.readAt)).toBeLessThan(10_000);

    // Two groups: MASE on store-sales 1.1.0 (two projects), sMAPE on a local version (one)
    expect(
      body.groups.map(g => [g.metric, g.dataset.label, g.runs.length]),
    ).toEqual([
      ['mase', 'store-sales 1.1.0', 2],
      ['smape', 'local-3f9a2c1e', 1],
    ]);
    const [mase] = body.groups;
    expect(mase.higherIsBetter).toBe(false);
    expect(mase.dataset.webUrl).toMatch(
      /^https:\/\/portal\.example\.com\/clearml\/datasets\/simple\/[0-9a-f]{32}\/experiments\/[0-9a-f]{32}$/,
    );
    // Lower MASE first; energy-demand's earlier, worse run (0.97) is not listed
    expect(
      mase.runs.map(r => [r.project.title, r.score, r.winner, r.completed]),
    ).toEqual([
      [
        'Energy demand',
        0.78,
        'exponential-smoothing',
        '2026-11-27T16:20:00.000+00:00',
      ],
      ['Sales forecast', 0.84, 'theta', '2026-11-25T14:31:40.000+00:00'],
    ]);
    const [first, second] = mase.runs;
    expect(first.project.entityRef).toBe('component:default/energy-demand');
    expect(first.components).toEqual([
      {
        name: 'automl-forecasting',
        entityRef: 'component:default/automl-forecasting',
      },
      {
        name: 'exponential-smoothing',
        entityRef: 'component:default/exponential-smoothing',
      },
    ]);
    expect(second.webUrl).toMatch(
      /^https:\/\/portal\.example\.com\/clearml\/projects\/[0-9a-f]{32}\/experiments\/[0-9a-f]{32}\/output\/execution$/,
    );
    // The in-progress run of sales-forecast is not a result
    expect(
      body.groups.flatMap(g => g.runs).some(r => r.name.includes('48h')),
    ).toBe(false);
  });

  it('reads only the ClearML projects of entities the user can see, with the user’s view of the catalog', async () => {
    const server = await start();
    const anomaly = await getRuns(server, 'anomaly-detection');
    expect(anomaly.status).toBe(200);
    expect(anomaly.body.groups).toEqual([]);
    const asked = standin()
      .state.calls.filter(c => c.endpoint === 'projects.get_all')
      .map(c => c.body.name);
    expect(asked.join()).not.toContain('sensor-anomalies');

    // Another user who can see the project gets its run
    const lead = await getRuns(server, 'anomaly-detection').set(
      'Authorization',
      mockCredentials.user.header('user:default/lead'),
    );
    expect(lead.status).toBe(200);
    const [group] = (lead.body as LeaderboardResponse).groups;
    expect(group.runs.map(r => [r.project.title, r.score])).toEqual([
      ['Sensor anomalies', 61.5],
    ]);
    expect(group.higherIsBetter).toBe(true);
  });

  it('keeps what it read of ClearML for leaderboard.cacheSeconds and says how old it is', async () => {
    const server = await start();
    await getRuns(server, 'forecasting').expect(200);
    const calls = standin().state.calls.length;
    const again = await getRuns(server, 'classification');
    expect(again.status).toBe(200);
    expect(again.body.groups).toEqual([]);
    expect(standin().state.calls.length).toBe(calls);

    const uncached = await start({ leaderboard: { cacheSeconds: 0 } });
    await getRuns(uncached, 'forecasting').expect(200);
    const before = standin().state.calls.length;
    const res = await getRuns(uncached, 'forecasting');
    expect(res.body.maxAgeSeconds).toBe(0);
    expect(standin().state.calls.length).toBeGreaterThan(before);
  });

  it('answers the best result a component was part of', async () => {
    const server = await start();
    const best = async (entityRef: string) => {
      const res = await request(server)
        .get('/api/leaderboard/components/best')
        .query({ entityRef });
      expect(res.status).toBe(200);
      return res.body as ComponentBestResultResponse;
    };
    // theta won in sales-forecast (2nd of 2 on MASE) and alone on sMAPE (1st of 1): rank first
    const theta = await best('component:default/theta');
    expect(theta.best).toMatchObject({ rank: 1, of: 1 });
    expect(theta.best?.run).toMatchObject({
      metric: 'smape',
      score: 0.064,
      project: { title: 'Energy demand' },
    });
    const smoothing = await best('component:default/exponential-smoothing');
    expect(smoothing.best).toMatchObject({ rank: 1, of: 2 });
    expect(smoothing.best?.run.metric).toBe('mase');
    // Never part of a winning run; part of one only in a project the user cannot see
    expect((await best('component:default/sarima')).best).toBeUndefined();
    expect(
      (await best('component:default/rolling-z-score')).best,
    ).toBeUndefined();
  });

  it('answers 400 in one sentence for bad input, and 404 for a component the user cannot see', async () => {
    const server = await start();
    const bad = await request(server)
      .get('/api/leaderboard/runs')
      .query({ task: 'regression', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid leaderboard query: task must be one of forecasting, classification, anomaly-detection; unknown parameter colour',
    );
    const missing = await request(server).get('/api/leaderboard/runs');
    expect(missing.status).toBe(400);
    const badRef = await request(server)
      .get('/api/leaderboard/components/best')
      .query({ entityRef: 'component:default/' });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toBe(
      'Invalid component query: entityRef must be an entity reference such as component:default/name',
    );
    const hidden = await request(server)
      .get('/api/leaderboard/components/best')
      .query({ entityRef: 'component:default/sensor-anomalies' });
    expect(hidden.status).toBe(404);
  });

  it('answers 403 without the permission to read ClearML experiments, and ClearML is not asked', async () => {
    const server = await start({ permission: AuthorizeResult.DENY });
    const res = await getRuns(server, 'forecasting');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to read ClearML experiments in the portal',
    );
    expect(standin().state.calls).toEqual([]);
  });

  it('answers 503 when ClearML fails, without its credentials, and does not keep the failure', async () => {
    const server = await start();
    standin().state.failStatus = 500;
    const res = await getRuns(server, 'forecasting');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'ClearML answered 500 Internal Server Error',
    );
    expect(JSON.stringify(res.body)).not.toContain(SECRET_KEY);
    standin().state.failStatus = undefined;
    const retry = await getRuns(server, 'forecasting');
    expect(retry.status).toBe(200);
    expect(retry.body.groups).toHaveLength(2);
  });
});
