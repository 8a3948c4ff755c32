/*
 * The steps a Create-project run takes after publishing (`mlops:gitlabVariables:set`,
 * `mlops:gitlabPipeline:create`) against the GitLab stand-in, and what the project's page then reads:
 * the latest pipeline, its jobs and a job's artifact file.
 */
import { ScmIntegrations } from '@backstage/integration';
import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { standinIntegrations } from '../__testUtils__/standinIntegrations';
import { createGitlabPipelineCreateAction } from '../actions/gitlabPipelineCreate';
import { createGitlabVariablesSetAction } from '../actions/gitlabVariablesSet';

const TOKEN = 'fake-gitlab-token-ci-0123456789';

let gitlab: GitlabStandin;
let integrations: ScmIntegrations;
let projectId: number;

/** A project research/<repo> with one commit, as publish:gitlab leaves it. */
async function pushProject(repo: string) {
  await gitlab.addProject('research', repo);
  await gitlab.commitFiles('research', repo, { 'README.md': '# demo\n' });
  return gitlab.projects.find(p => p.path === repo)!.id;
}

beforeAll(async () => {
  gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
  integrations = standinIntegrations(gitlab, TOKEN);
  projectId = await pushProject('demo');
});
afterAll(() => gitlab.close());

describe('the first pipeline started through the API', () => {
  it('runs with the variables set before it, as a job would see them', async () => {
    const variables = createGitlabVariablesSetAction({ integrations });
    const pipeline = createGitlabPipelineCreateAction({ integrations });
    const repoUrl = `${gitlab.host}?owner=research&repo=demo`;
    await variables.handler(
      mockActionContext({
        repoUrl,
        variables: [{ key: 'MLOPS_DATASET_ID', value: 'sample' }],
      }).ctx,
    );
    const started = mockActionContext({ repoUrl, branch: 'main' });
    await pipeline.handler(started.ctx);
    const pipelines = gitlab.pipelines.filter(p => p.projectId === projectId);
    expect(pipelines).toEqual([
      expect.objectContaining({ ref: 'main', source: 'api' }),
    ]);
    expect(started.outputs.pipelineUrl).toBe(
      `${gitlab.url}/research/demo/-/pipelines/${pipelines[0].id}`,
    );
    expect(gitlab.variables.get(projectId)).toEqual([
      expect.objectContaining({ key: 'MLOPS_DATASET_ID', value: 'sample' }),
    ]);
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
