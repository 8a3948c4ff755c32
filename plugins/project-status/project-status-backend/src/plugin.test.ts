import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GitlabStandin,
  run,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mkdtempSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
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

let gitlab: GitlabStandin;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let projectId: number;

const entity = (name: string, location: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/managed-by-location': `url:${location}` },
  },
  spec: { type: 'ml-project', owner: 'group:default/research' },
});

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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'status-'));
  writeFileSync(path.join(dir, 'README.md'), '# sales\n');
  for (const args of [
    ['init', '--quiet', '-b', 'main'],
    ['add', '.'],
    [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '--quiet',
      '-m',
      'first',
    ],
    [
      'push',
      '--quiet',
      path.join(gitlab.reposRoot, 'research/sales.git'),
      'main',
    ],
  ]) {
    const done = await run('git', args, { cwd: dir });
    if (done.code !== 0) throw new Error(done.stderr);
  }
  backend = await startTestBackend({
    features: [
      projectStatusPlugin,
      catalogServiceMock.factory({
        entities: [
          entity(
            'sales',
            `${gitlab.url}/research/sales/-/blob/main/catalog-info.yaml`,
          ),
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
        },
      }),
    ],
  });
});
afterAll(async () => {
  await backend?.stop();
  await gitlab?.close();
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
      {
        name: 'train',
        stage: 'train',
        status: 'success',
        artifacts: { 'reports/baseline.json': JSON.stringify(BASELINE) },
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
