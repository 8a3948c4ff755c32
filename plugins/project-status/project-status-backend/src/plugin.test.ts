import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClearmlStandin,
  createClearmlStandin,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mlProjectEntity } from '@mlops-portal/plugin-clearml-common/testUtils';
import request from 'supertest';
import { projectStatusPlugin } from './plugin';

const TOKEN = 'fake-gitlab-token-status-0123456789';
const BASELINE = {
  task: 'forecasting',
  metric: 'smape',
  score: 8.25,
  higher_is_better: false,
  model: 'theta',
  dataset_version: null,
  dataset_url: null,
  run_url: null,
  leaderboard: [],
};

const CLEARML_WEB = 'https://portal.example.com/clearml';

let gitlab: GitlabStandin;
let clearml: ClearmlStandin;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let projectId: number;

const entity = (name: string, location: string, clearmlProject?: string) =>
  mlProjectEntity(name, {
    clearmlProject: clearmlProject ?? null,
    annotations: { 'backstage.io/managed-by-location': `url:${location}` },
  });
const salesLocation = () =>
  `${gitlab.url}/research/sales/-/blob/main/catalog-info.yaml`;

/** The plugin with the catalog, GitLab and ClearML of these tests; `permission` decides ClearML reads. */
function startBackend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return startTestBackend({
    features: [
      projectStatusPlugin,
      catalogServiceMock.factory({
        entities: [
          entity('sales', salesLocation()),
          // the same GitLab project, logged to ClearML's project sales-forecast
          entity('sales-tracked', salesLocation(), 'sales-forecast'),
          // a ClearML project with no training run
          entity('sales-untracked', salesLocation(), 'energy-demand-archive'),
          entity(
            'elsewhere',
            'https://github.com/x/y/blob/main/catalog-info.yaml',
          ),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            gitlab: [gitlab.integrationConfig(TOKEN)],
          },
          clearml: clearml.clearmlConfig({
            webUrl: CLEARML_WEB,
            timeoutMs: 5000,
          }),
        },
      }),
      mockServices.permissions.factory({ result: permission }),
    ],
  });
}

async function triggerPipeline() {
  const headers = { 'PRIVATE-TOKEN': TOKEN };
  const api = `${gitlab.url}/api/v4/projects/${projectId}`;
  const trigger = await (
    await fetch(`${api}/triggers`, { method: 'POST', headers })
  ).json();
  const pipeline = await (
    await fetch(`${api}/trigger/pipeline?ref=main&token=${trigger.token}`, {
      method: 'POST',
      headers,
    })
  ).json();
  return pipeline.id as number;
}

const status = (ref: string) =>
  request(backend.server)
    .get(`/api/project-status/status?entityRef=${encodeURIComponent(ref)}`)
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/researcher'),
    );

beforeAll(async () => {
  gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
  await gitlab.addProject('research', 'sales');
  projectId = gitlab.projects[0].id;
  await gitlab.commitFiles('research', 'sales', { 'README.md': '# sales\n' });
  clearml = createClearmlStandin();
  await clearml.start();
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.stop();
  await gitlab?.close();
  await clearml?.stop();
});

describe('GET /api/project-status/status', () => {
  it('has no pipeline before the first one starts', async () => {
    const res = await status('component:default/sales');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ projectUrl: `${gitlab.url}/research/sales` });
  });

  it('shows a running pipeline without a baseline, then the green pipeline with the baseline', async () => {
    const id = await triggerPipeline();
    let res = await status('component:default/sales');
    expect(res.body.pipeline).toMatchObject({
      id,
      status: 'created',
      ref: 'main',
    });
    expect(res.body.baseline).toBeUndefined();

    gitlab.finishPipeline(id, [
      { name: 'lint', stage: 'test', status: 'success' },
      { name: 'test', stage: 'test', status: 'success' },
      // allowed to fail, as GitLab shows it: the stage passed
      { name: 'docs', stage: 'test', status: 'failed', allowFailure: true },
      {
        name: 'train',
        stage: 'train',
        status: 'success',
        artifacts: { 'reports/baseline.json': JSON.stringify(BASELINE) },
      },
      // a larger run to start by hand does not hold the stage back
      {
        name: 'train:large',
        stage: 'train',
        status: 'manual',
        allowFailure: true,
      },
    ]);
    res = await status('component:default/sales');
    expect(res.status).toBe(200);
    expect(res.body.pipeline).toEqual({
      id,
      status: 'success',
      ref: 'main',
      webUrl: `${gitlab.url}/research/sales/-/pipelines/${id}`,
      createdAt: expect.any(String),
      stages: [
        { name: 'test', status: 'success' },
        { name: 'train', status: 'success' },
      ],
    });
    expect(res.body.baseline).toEqual({
      source: 'gitlab',
      task: 'forecasting',
      metric: 'smape',
      score: 8.25,
      higherIsBetter: false,
      model: 'theta',
      datasetVersion: null,
      datasetUrl: null,
      runUrl: null,
      jobUrl: expect.stringMatching(/\/research\/sales\/-\/jobs\/\d+$/),
    });
  });

  it('shows a failed pipeline with the stage that failed and no baseline', async () => {
    const id = await triggerPipeline();
    gitlab.finishPipeline(id, [
      { name: 'test', stage: 'test', status: 'failed' },
      { name: 'train', stage: 'train', status: 'skipped' },
    ]);
    const res = await status('component:default/sales');
    expect(res.body.pipeline).toMatchObject({
      id,
      status: 'failed',
      stages: [
        { name: 'test', status: 'failed' },
        { name: 'train', status: 'skipped' },
      ],
    });
    expect(res.body.baseline).toBeUndefined();
  });

  it('says GitLab refused the token, in a sentence', async () => {
    gitlab.state.refuseTokens = true;
    const res = await Promise.resolve(
      status('component:default/sales'),
    ).finally(() => {
      gitlab.state.refuseTokens = false;
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `GitLab at ${gitlab.url} refused the portal's token (401) while reading the pipelines of research/sales: check integrations.gitlab[].token for ${gitlab.host}`,
    );
  });

  it('lists the groups the portal may create projects in, for a configured host only', async () => {
    const auth = mockCredentials.user.header('user:default/researcher');
    const res = await request(backend.server)
      .get(`/api/project-status/gitlab-groups?host=${gitlab.host}`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      groups: [
        {
          fullPath: 'research',
          name: 'research',
          webUrl: `${gitlab.url}/groups/research`,
        },
      ],
    });
    const other = await request(backend.server)
      .get('/api/project-status/gitlab-groups?host=gitlab.example.com')
      .set('Authorization', auth);
    expect(other.status).toBe(400);
    expect(other.body.error.message).toBe(
      'gitlab.example.com is not a GitLab host the portal is configured for (integrations.gitlab)',
    );
  });

  it('answers 404 for an entity the user cannot see, 400 for a bad ref, 503 off GitLab', async () => {
    expect((await status('component:default/nope')).status).toBe(404);
    expect((await status('not a ref:')).status).toBe(400);
    const res = await status('component:default/elsewhere');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/not a project on a GitLab host/);
  });
});

describe('the baseline from ClearML, when the run was logged there', () => {
  const fixture = () => {
    const project = clearml.fixtures.projects.find(
      p => p.name === 'sales-forecast',
    )!;
    const trained = clearml.fixtures.tasks.find(
      t => t.project === project.id && t.status === 'completed',
    );
    const dataset = clearml.fixtures.tasks.find(
      t => t.id === trained.hyperparams.properties.dataset_version.value,
    );
    return { project, trained, dataset };
  };

  it("shows the newest completed run's held-out score, winner and dataset version, linked to ClearML's web app", async () => {
    const { project, trained, dataset } = fixture();
    const res = await status('component:default/sales-tracked');
    expect(res.status).toBe(200);
    // the pipeline is still GitLab's; the latest one's train job is linked too
    expect(res.body.pipeline).toMatchObject({ ref: 'main' });
    expect(res.body.baseline).toEqual({
      source: 'clearml',
      task: 'forecasting',
      metric: 'mase',
      score: 0.84,
      higherIsBetter: false,
      model: 'theta',
      datasetVersion: dataset.id,
      datasetUrl: `${CLEARML_WEB}/datasets/simple/${dataset.project}/experiments/${dataset.id}`,
      runUrl: `${CLEARML_WEB}/projects/${project.id}/experiments/${trained.id}/output/execution`,
    });
  });

  it('falls back to the train job report when the ClearML project has no run with a held-out score', async () => {
    clearml.fixtures.projects.push({
      id: 'a'.repeat(32),
      name: 'energy-demand-archive',
    });
    const id = await triggerPipeline();
    gitlab.finishPipeline(id, [
      {
        name: 'train',
        stage: 'train',
        status: 'success',
        artifacts: { 'reports/baseline.json': JSON.stringify(BASELINE) },
      },
    ]);
    const res = await status('component:default/sales-untracked');
    expect(res.body.baseline).toMatchObject({
      source: 'gitlab',
      metric: 'smape',
      score: 8.25,
      jobUrl: expect.stringMatching(/\/-\/jobs\/\d+$/),
    });
    // the tracked project's baseline is ClearML's, with the same train job linked
    const tracked = await status('component:default/sales-tracked');
    expect(tracked.body.baseline).toMatchObject({
      source: 'clearml',
      score: 0.84,
      jobUrl: res.body.baseline.jobUrl,
    });
  });

  it('falls back to the train job report while ClearML is down', async () => {
    clearml.state.failStatus = 503;
    const res = await Promise.resolve(
      status('component:default/sales-tracked'),
    ).finally(() => {
      clearml.state.failStatus = undefined;
    });
    expect(res.status).toBe(200);
    expect(res.body.baseline).toMatchObject({ source: 'gitlab', score: 8.25 });
  });

  it('reads only the train job report for a user who may not read ClearML experiments', async () => {
    const denied = await startBackend(AuthorizeResult.DENY);
    const callsBefore = clearml.state.calls.length;
    try {
      const res = await request(denied.server)
        .get(
          '/api/project-status/status?entityRef=component:default/sales-tracked',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/researcher'),
        );
      expect(res.status).toBe(200);
      expect(res.body.baseline).toMatchObject({
        source: 'gitlab',
        score: 8.25,
      });
      // ClearML was not asked
      expect(clearml.state.calls.length).toBe(callsBefore);
    } finally {
      await denied.stop();
    }
  });
});
