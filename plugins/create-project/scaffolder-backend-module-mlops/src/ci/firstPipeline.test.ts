/*
 * The steps a Create-project run takes after publishing, with upstream's actions
 * (`gitlab:projectVariable:create`, `gitlab:pipeline:trigger`) against the GitLab stand-in: the calls
 * they make, GitLab's answers and errors, and what a retried task does.
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createGitlabProjectVariableAction,
  createTriggerGitlabPipelineAction,
} from '@backstage/plugin-scaffolder-backend-module-gitlab';
import {
  GitlabStandin,
  run,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mkdtempSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { mockActionContext } from '../__testUtils__/mockActionContext';

const TOKEN = 'fake-gitlab-token-ci-0123456789';

let gitlab: GitlabStandin;
let integrations: ScmIntegrations;
let projectId: number;

/** Pushes one commit to research/<repo>, as publish:gitlab does. */
async function pushProject(repo: string) {
  await gitlab.addProject('research', repo);
  const project = gitlab.projects.find(p => p.path === repo)!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-push-'));
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  const git = async (...args: string[]) => {
    const r = await run('git', args, { cwd: dir });
    if (r.code !== 0) throw new Error(r.stderr);
  };
  await git('init', '--quiet', '-b', 'main');
  await git(
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'first',
  );
  await git(
    'push',
    '--quiet',
    path.join(gitlab.reposRoot, 'research', `${repo}.git`),
    'main',
  );
  return project.id;
}

beforeAll(async () => {
  gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
  integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: gitlab.host,
            apiBaseUrl: `${gitlab.url}/api/v4`,
            baseUrl: gitlab.url,
            token: TOKEN,
          },
        ],
      },
    }),
  );
  projectId = await pushProject('demo');
});
afterAll(() => gitlab.close());

describe('gitlab:projectVariable:create against the stand-in', () => {
  const variable = (key: string, value: string) => ({
    repoUrl: `${gitlab.host}?owner=research&repo=demo`,
    projectId,
    key,
    value,
    variableType: 'env_var',
  });

  it('sets the variable once; a retried task does not set it again', async () => {
    const action = createGitlabProjectVariableAction({ integrations });
    const first = mockActionContext(variable('MLOPS_DATASET', 'sample'));
    await action.handler(first.ctx);
    const retry = mockActionContext(variable('MLOPS_DATASET', 'sample'), {
      checkpoints: first.checkpoints,
    });
    await action.handler(retry.ctx);
    expect(gitlab.variables.get(projectId)).toEqual([
      expect.objectContaining({
        key: 'MLOPS_DATASET',
        value: 'sample',
        variable_type: 'env_var',
        environment_scope: '*',
        masked: false,
      }),
    ]);
  });

  it('is refused, as GitLab refuses it, when the key exists or the token may not', async () => {
    const action = createGitlabProjectVariableAction({ integrations });
    await expect(
      action.handler(mockActionContext(variable('MLOPS_DATASET', 'x')).ctx),
    ).rejects.toThrow();
    gitlab.state.refuseVariables = true;
    const refused = await action
      .handler(mockActionContext(variable('MLOPS_HORIZON', '12')).ctx)
      .catch(e => e as Error);
    gitlab.state.refuseVariables = false;
    expect(String(refused)).toMatch(/Forbidden/);
    expect(gitlab.variables.get(projectId)).toHaveLength(1);
  });
});

describe('gitlab:pipeline:trigger against the stand-in', () => {
  it('starts one pipeline on main, removes its trigger token, and a retry starts no second', async () => {
    const action = createTriggerGitlabPipelineAction({ integrations });
    const input = {
      repoUrl: `${gitlab.host}?owner=research&repo=demo`,
      projectId,
      branch: 'main',
      tokenDescription: 'MLOps Portal: the first pipeline',
    };
    const first = mockActionContext(input);
    await action.handler(first.ctx);
    const retry = mockActionContext(input, { checkpoints: first.checkpoints });
    await action.handler(retry.ctx);

    const pipelines = gitlab.pipelines.filter(p => p.projectId === projectId);
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toMatchObject({ ref: 'main', source: 'trigger' });
    expect(first.outputs.pipelineUrl).toBe(
      `${gitlab.url}/research/demo/-/pipelines/${pipelines[0].id}`,
    );
    expect(first.logger.error).not.toHaveBeenCalled();
  });

  it('fails on a branch that does not exist', async () => {
    const action = createTriggerGitlabPipelineAction({ integrations });
    await expect(
      action.handler(
        mockActionContext({
          repoUrl: `${gitlab.host}?owner=research&repo=demo`,
          projectId,
          branch: 'nope',
          tokenDescription: 'x',
        }).ctx,
      ),
    ).rejects.toThrow(/Reference not found|Bad Request/);
  });
});

describe('pipelines, jobs and artifacts of the stand-in', () => {
  it('answers the latest pipeline of a ref, its jobs and a job artifact file', async () => {
    const [pipeline] = gitlab.pipelines.filter(p => p.projectId === projectId);
    gitlab.finishPipeline(pipeline.id, [
      { name: 'test', stage: 'test', status: 'success' },
      {
        name: 'train',
        stage: 'train',
        status: 'success',
        artifacts: { 'reports/baseline.json': '{"score": 1}' },
      },
    ]);
    const get = (p: string) =>
      fetch(`${gitlab.url}/api/v4/projects/${projectId}${p}`, {
        headers: { 'PRIVATE-TOKEN': TOKEN },
      });
    const latest = await (await get('/pipelines?ref=main&per_page=1')).json();
    expect(latest).toEqual([
      expect.objectContaining({ id: pipeline.id, status: 'success' }),
    ]);
    const jobs = await (await get(`/pipelines/${pipeline.id}/jobs`)).json();
    expect(jobs.map((j: { name: string }) => j.name)).toEqual([
      'test',
      'train',
    ]);
    const train = jobs[1];
    const file = await get(`/jobs/${train.id}/artifacts/reports/baseline.json`);
    expect(await file.text()).toBe('{"score": 1}');
    expect((await get(`/jobs/${train.id}/artifacts/none.json`)).status).toBe(
      404,
    );
    const groups = await (
      await fetch(`${gitlab.url}/api/v4/groups?min_access_level=30`, {
        headers: { 'PRIVATE-TOKEN': TOKEN },
      })
    ).json();
    expect(groups).toEqual([
      expect.objectContaining({ full_path: 'research', id: 100 }),
    ]);
  });
});
