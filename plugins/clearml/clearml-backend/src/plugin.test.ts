import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
} from '@mlops-portal/plugin-clearml-common';
import { mlProjectEntity } from '@mlops-portal/plugin-clearml-common/testUtils';
import request from 'supertest';
import {
  ACCESS_KEY,
  ClearmlConfigData,
  clearmlStandinPerTest,
  SECRET_KEY,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import { clearmlPlugin } from './plugin';

const project = mlProjectEntity('sales-forecast');
/** A project ClearML does not have. */
const unknownProject = mlProjectEntity('churn');
const library = mlProjectEntity('mlops-components', { clearmlProject: null });

const REF = 'component:default/sales-forecast';

/** A GET of one of the plugin's routes for an entity (by default the ClearML project's). */
function getForEntity(
  server: Parameters<typeof request>[0],
  path: string,
  entityRef: string = REF,
) {
  return request(server).get(path).query({ entityRef });
}

describe('clearml backend plugin', () => {
  const standin = clearmlStandinPerTest();

  async function start(options?: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** Permissions (by name) refused while every other one is allowed. */
    deny?: string[];
    clearml?: ClearmlConfigData | null;
  }) {
    const clearml =
      options?.clearml === null
        ? undefined
        : standin().clearmlConfig(options?.clearml);
    const { server } = await startTestBackend({
      features: [
        clearmlPlugin,
        mockServices.rootConfig.factory({ data: clearml ? { clearml } : {} }),
        catalogServiceMock.factory({
          entities: [project, unknownProject, library],
        }),
        options?.deny
          ? mockServices.permissions.mock({
              authorize: async requests =>
                requests.map(r => ({
                  result: options.deny!.includes(r.permission.name)
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
                })),
            }).factory
          : mockServices.permissions.factory({
              result: options?.permission ?? AuthorizeResult.ALLOW,
            }),
      ],
    });
    return server;
  }

  it("lists a project's experiments with status, duration, last metrics and links", async () => {
    const server = await start();
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(200);
    const body = res.body as ClearmlExperimentsResponse;
    expect(body.project.name).toBe('sales-forecast');
    expect(body.project.webUrl).toBe(
      `https://portal.example.com/clearml/projects/${body.project.id}/experiments`,
    );
    expect(body.experiments.map(e => [e.name, e.status])).toEqual([
      ['automl forecaster (48h horizon)', 'in_progress'],
      ['automl forecaster', 'completed'],
      ['seasonal naive baseline', 'failed'],
    ]);
    const best = body.experiments[1];
    // 14:00:10 → 14:31:40
    expect(best.durationSeconds).toBe(31 * 60 + 30);
    expect(best.lastMetrics).toEqual([
      {
        metric: 'held-out',
        variant: 'mase',
        value: 0.84,
        min: 0.84,
        max: 0.84,
      },
      {
        metric: 'held-out',
        variant: 'smape',
        value: 0.091,
        min: 0.091,
        max: 0.091,
      },
      { metric: 'MAE', variant: 'train', value: 9.02, min: 9.02, max: 25.1 },
      {
        metric: 'MAE',
        variant: 'validation',
        value: 11.93,
        min: 11.93,
        max: 28.4,
      },
      {
        metric: 'MAPE',
        variant: 'validation',
        value: 0.081,
        min: 0.081,
        max: 0.29,
      },
    ]);
    expect(best.webUrl).toBe(
      `https://portal.example.com/clearml/projects/${body.project.id}/experiments/${best.id}/output/execution`,
    );
    expect(body.experiments[2].lastMetrics).toEqual([]);
    // Dataset tasks are not experiments
    expect(body.experiments.some(e => e.name === 'store-sales')).toBe(false);
  });

  it('logs in once with Basic auth, then uses the Bearer token', async () => {
    const server = await start();
    await getForEntity(server, '/api/clearml/experiments').expect(200);
    await getForEntity(server, '/api/clearml/models').expect(200);
    expect(standin().state.logins).toBe(1);
    const [login, ...rest] = standin().state.calls;
    expect(login.endpoint).toBe('auth.login');
    expect(login.authorization).toMatch(/^Basic /);
    expect(rest.every(c => c.authorization.startsWith('Bearer '))).toBe(true);
    expect(rest.map(c => c.endpoint)).toEqual([
      'projects.get_all',
      'tasks.get_all',
      'projects.get_all',
      'models.get_all',
    ]);
  });

  // THREATS 12: what the browser sends the portal (its Backstage token, its cookies, the edge's
  // identity headers) never reaches ClearML, and ClearML's own session cookie never reaches the browser.
  it("passes on none of the browser's credentials to ClearML, and none of ClearML's cookies to the browser", async () => {
    const server = await start();
    const browser = {
      Authorization: mockCredentials.user.header('user:default/ada'),
      Cookie:
        'oidc-refresh-token=browser-refresh-secret; _oauth2_proxy=edge-session-secret',
      'X-Auth-Request-User': 'admin',
      'X-Auth-Request-Access-Token': 'edge-access-secret',
      'X-Forwarded-User': 'admin',
    };
    const responses = [];
    for (const route of ['experiments', 'models', 'datasets']) {
      const res = await getForEntity(server, `/api/clearml/${route}`).set(
        browser,
      );
      expect(res.status).toBe(200);
      responses.push(res);
    }
    expect(standin().state.calls.length).toBeGreaterThan(3);
    const tokenLogin = `Basic ${Buffer.from(
      `${ACCESS_KEY}:${SECRET_KEY}`,
    ).toString('base64')}`;
    // Only the portal's own ClearML key, or a token ClearML issued for it.
    const [login, ...rest] = standin().state.calls;
    expect(login.endpoint).toBe('auth.login');
    expect(login.authorization).toBe(tokenLogin);
    expect(
      rest.filter(
        call =>
          !call.authorization.startsWith('Bearer ') ||
          !standin().state.tokens.has(call.authorization.slice(7)),
      ),
    ).toEqual([]);
    for (const call of standin().state.calls) {
      const sent = JSON.stringify(call.headers);
      for (const secret of [
        browser.Authorization.slice('Bearer '.length),
        'browser-refresh-secret',
        'edge-session-secret',
        'edge-access-secret',
      ]) {
        expect(sent).not.toContain(secret);
      }
      expect(call.headers.cookie).toBeUndefined();
      expect(
        Object.keys(call.headers).filter(h =>
          /^x-(auth-request|forwarded)-/.test(h),
        ),
      ).toEqual([]);
    }
    // ClearML answered its login with a session cookie of its own: the browser never sees it.
    for (const res of responses) {
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('logs in again when the token is revoked (401) or about to expire', async () => {
    const server = await start();
    await getForEntity(server, '/api/clearml/experiments').expect(200);
    standin().revokeTokens();
    await getForEntity(server, '/api/clearml/experiments').expect(200);
    expect(standin().state.logins).toBe(2);

    // Tokens that live 30 s are renewed before every use (the client keeps a 60 s margin).
    standin().state.tokenTtlSeconds = 30;
    standin().revokeTokens();
    await getForEntity(server, '/api/clearml/models').expect(200);
    await getForEntity(server, '/api/clearml/models').expect(200);
    expect(standin().state.logins).toBeGreaterThanOrEqual(4);
  });

  async function experiments(server: Parameters<typeof request>[0]) {
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(200);
    return (res.body as ClearmlExperimentsResponse).experiments;
  }

  it("returns an experiment's scalar history for the charts", async () => {
    const server = await start();
    const best = (await experiments(server))[1];
    const res = await getForEntity(
      server,
      `/api/clearml/experiments/${best.id}/metrics`,
    );
    expect(res.status).toBe(200);
    const body = res.body as ClearmlMetricHistoryResponse;
    expect(body.series.map(s => `${s.metric}/${s.variant}`).sort()).toEqual([
      'MAE/train',
      'MAE/validation',
      'MAPE/validation',
    ]);
    const mae = body.series.find(
      s => s.metric === 'MAE' && s.variant === 'validation',
    )!;
    expect(mae.points).toHaveLength(30);
    expect(mae.points[0]).toEqual({ iteration: 0, value: 28.4 });
    expect(mae.points[29].value).toBeCloseTo(11.93, 0);
  });

  it("refuses the history of an experiment outside the entity's project", async () => {
    const server = await start();
    const res = await getForEntity(
      server,
      '/api/clearml/experiments/0123456789abcdef0123456789abcdef/metrics',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('has no experiment');
    expect(
      standin().state.calls.some(
        c => c.endpoint === 'events.scalar_metrics_iter_histogram',
      ),
    ).toBe(false);
  });

  it('lists models and dataset versions with deep links', async () => {
    const server = await start();
    const models = await getForEntity(server, '/api/clearml/models');
    expect(models.status).toBe(200);
    expect(
      models.body.models.map((m: any) => [m.name, m.framework, m.ready]),
    ).toEqual([
      ['automl forecaster - best', 'ScikitLearn', true],
      ['automl forecaster (48h) - checkpoint', 'ScikitLearn', false],
    ]);
    expect(models.body.models[0].webUrl).toMatch(
      /^https:\/\/portal\.example\.com\/clearml\/projects\/[0-9a-f]{32}\/models\/[0-9a-f]{32}\/general$/,
    );

    const datasets = await getForEntity(server, '/api/clearml/datasets');
    expect(datasets.status).toBe(200);
    expect(
      datasets.body.datasets.map((d: any) => [d.name, d.version, d.status]),
    ).toEqual([
      ['store-sales', '1.1.0', 'published'],
      ['store-sales', '1.0.0', 'completed'],
    ]);
    expect(datasets.body.datasets[0].webUrl).toMatch(
      /^https:\/\/portal\.example\.com\/clearml\/datasets\/simple\/[0-9a-f]{32}\/experiments\/[0-9a-f]{32}$/,
    );
  });

  async function datasetVersions(server: Parameters<typeof request>[0]) {
    const res = await getForEntity(server, '/api/clearml/datasets');
    expect(res.status).toBe(200);
    const [latest, first] = (res.body as ClearmlDatasetsResponse).datasets;
    return { latest, first };
  }

  /** A dataset version's preview, asked for through the project's entity. */
  function getPreview(server: Parameters<typeof request>[0], id: string) {
    return getForEntity(server, `/api/clearml/datasets/${id}/preview`);
  }

  it("previews the first rows of a dataset version from ClearML's table preview", async () => {
    const server = await start();
    const { latest } = await datasetVersions(server);
    const res = await getPreview(server, latest.id);
    expect(res.status).toBe(200);
    const body = res.body as ClearmlDatasetPreviewResponse;
    expect(body.dataset).toEqual(latest);
    expect(body.columns).toEqual([
      { name: 'date', type: 'string' },
      { name: 'store', type: 'string' },
      { name: 'sales', type: 'number' },
      { name: 'promo', type: 'number' },
    ]);
    expect(body.rows).toHaveLength(42);
    expect(body.rows[0]).toEqual({
      date: '2026-11-01',
      store: 'north',
      sales: 135,
      promo: 1,
    });
    const call = standin().state.calls.find(
      c => c.endpoint === 'events.get_task_plots',
    );
    expect(call?.body).toMatchObject({
      task: latest.id,
      metrics: [{ metric: 'Tables' }],
    });
  });

  it('answers an empty preview for a version without a table preview', async () => {
    const server = await start();
    const { first } = await datasetVersions(server);
    const res = await getPreview(server, first.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dataset: first, columns: [], rows: [] });
  });

  it("refuses the preview of a task outside the entity's datasets", async () => {
    const server = await start();
    // An experiment of the same project is not one of its dataset versions
    const [experiment] = await experiments(server);
    const res = await getPreview(server, experiment.id);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `ClearML project "sales-forecast" has no dataset version ${experiment.id}`,
    );
    const badId = await getForEntity(
      server,
      '/api/clearml/datasets/..%2Fauth.login/preview',
    );
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('ClearML dataset version id');
    expect(
      standin().state.calls.some(c => c.endpoint === 'events.get_task_plots'),
    ).toBe(false);
  });

  it('answers 403 to a user who may read experiments but not dataset rows', async () => {
    const server = await start({ deny: ['clearml.dataset.preview.read'] });
    const { latest } = await datasetVersions(server);
    const callsBefore = standin().state.calls.length;
    const res = await getPreview(server, latest.id);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "You are not allowed to read the rows of a project's datasets in the portal",
    );
    expect(standin().state.calls.length).toBe(callsBefore);
  });

  it('answers 404 for a project ClearML does not have, and for an entity without the annotation', async () => {
    const server = await start();
    const unknown = await getForEntity(
      server,
      '/api/clearml/experiments',
      'component:default/churn',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'ClearML has no project named "churn"',
    );
    const noAnnotation = await getForEntity(
      server,
      '/api/clearml/experiments',
      'component:default/mlops-components',
    );
    expect(noAnnotation.status).toBe(404);
    expect(noAnnotation.body.error.message).toContain('clear.ml/project-name');
    const noEntity = await getForEntity(
      server,
      '/api/clearml/experiments',
      'component:default/nope',
    );
    expect(noEntity.status).toBe(404);
  });

  it('answers 400 for a malformed entity reference or experiment id', async () => {
    const server = await start();
    const missing = await request(server).get('/api/clearml/experiments');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('entityRef');
    const noKind = await getForEntity(
      server,
      '/api/clearml/experiments',
      'sales-forecast',
    );
    expect(noKind.status).toBe(400);
    const badId = await getForEntity(
      server,
      '/api/clearml/experiments/..%2Fauth.login/metrics',
    );
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('ClearML experiment id');
  });

  it('answers 403 to a user without the permission, and ClearML is not asked', async () => {
    const server = await start({ permission: AuthorizeResult.DENY });
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to read ClearML experiments in the portal',
    );
    expect(standin().state.calls).toEqual([]);
  });

  it('answers 401 without a user token', async () => {
    const server = await start();
    const res = await getForEntity(server, '/api/clearml/experiments').set(
      'Authorization',
      mockCredentials.none.header(),
    );
    expect(res.status).toBe(401);
    expect(standin().state.calls).toEqual([]);
  });

  it('answers 503 with a clear message when ClearML fails with 5xx', async () => {
    const server = await start();
    standin().state.failStatus = 500;
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'ClearML answered 500 Internal Server Error',
    );
  });

  it('answers 503 naming the keys when the credentials are refused', async () => {
    const server = await start({ clearml: { secretKey: 'wrong-secret' } });
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'ClearML answered 401 Unauthorized (check clearml.accessKey and clearml.secretKey)',
    );
    expect(JSON.stringify(res.body)).not.toContain('wrong-secret');
  });

  it('answers 503 within the configured timeout when ClearML is slow', async () => {
    const server = await start({ clearml: { timeoutMs: 300 } });
    standin().state.delayMs = 8000;
    const started = Date.now();
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `ClearML at ${standin().url} did not answer auth.login within 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('answers 503 when ClearML is down', async () => {
    const server = await start();
    const url = standin().url;
    await standin().stop();
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      `ClearML at ${url} is unreachable (auth.login)`,
    );
  });

  it('treats a clearml section whose keys are all unset as not configured', async () => {
    // What the production config gives when none of CLEARML_* is in the environment
    const server = await start({
      clearml: {
        apiUrl: undefined,
        webUrl: undefined,
        accessKey: undefined,
        secretKey: undefined,
        timeoutMs: undefined,
      },
    });
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      'ClearML is not configured for this portal',
    );
  });

  it('refuses to start when only some of the keys are set', async () => {
    await expect(
      start({ clearml: { accessKey: undefined, secretKey: undefined } }),
    ).rejects.toThrow(
      'ClearML is only partly configured: set clearml.accessKey, clearml.secretKey too, or none of clearml.apiUrl, clearml.webUrl, clearml.accessKey, clearml.secretKey',
    );
  });

  it('starts without ClearML configured and says which keys to set', async () => {
    const server = await start({ clearml: null });
    const res = await getForEntity(server, '/api/clearml/experiments');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'ClearML is not configured for this portal: set clearml.apiUrl, clearml.webUrl, clearml.accessKey and clearml.secretKey',
    );
  });
});
