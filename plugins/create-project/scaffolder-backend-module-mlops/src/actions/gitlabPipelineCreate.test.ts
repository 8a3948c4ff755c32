import {
  failureOf,
  mockActionContext,
} from '../__testUtils__/mockActionContext';
import { gitlabActionStandin } from '../__testUtils__/gitlabActionStandin';
import { createGitlabPipelineCreateAction } from './gitlabPipelineCreate';

const TOKEN = 'fake-gitlab-token-pipeline-0123456789';

describe('mlops:gitlabPipeline:create', () => {
  const standin = gitlabActionStandin(TOKEN, integrations =>
    createGitlabPipelineCreateAction({ integrations }),
  );
  beforeAll(async () => {
    await standin.gitlab.addProject('research', 'sales');
    await standin.gitlab.commitFiles('research', 'sales', {
      '.gitlab-ci.yml': 'test:\n  script: [echo ok]\n',
    });
  });

  const input = {
    repoUrl: '',
    branch: 'main',
    failureNote: 'the repository and its CI/CD variables exist already',
  };
  const pipelinesOfSales = () =>
    standin.gitlab.pipelines.filter(
      p =>
        p.projectId ===
        standin.gitlab.projects.find(x => x.path === 'sales')!.id,
    );

  it('says in one sentence that GitLab refused the pipeline and what exists; its retry starts one pipeline', async () => {
    const values = {
      ...input,
      repoUrl: `${standin.gitlab.host}?owner=research&repo=sales`,
    };
    standin.gitlab.state.refusePipelines = true;
    const failed = mockActionContext(values);
    const error = await failureOf(standin.action.handler(failed.ctx)).finally(
      () => {
        standin.gitlab.state.refusePipelines = false;
      },
    );
    expect(error.message).toBe(
      `GitLab at ${standin.gitlab.url} refused starting a pipeline on main of research/sales (403): the portal's token needs the Developer role on research/sales to start its pipelines; the repository and its CI/CD variables exist already, and Retry starts the pipeline`,
    );
    expect(pipelinesOfSales()).toEqual([]);

    const retry = mockActionContext(values, {
      checkpoints: failed.checkpoints,
    });
    await standin.action.handler(retry.ctx);
    // a second retry (the task failed in a later step) finds the pipeline the first one started
    const again = mockActionContext(values, { checkpoints: retry.checkpoints });
    await standin.action.handler(again.ctx);
    const pipelines = pipelinesOfSales();
    expect(pipelines).toEqual([
      expect.objectContaining({ ref: 'main', source: 'api' }),
    ]);
    const url = `${standin.gitlab.url}/research/sales/-/pipelines/${pipelines[0].id}`;
    expect(retry.outputs.pipelineUrl).toBe(url);
    expect(again.outputs.pipelineUrl).toBe(url);
  });

  it('says so when the branch does not exist', async () => {
    await expect(
      standin.action.handler(
        mockActionContext({
          ...input,
          repoUrl: `${standin.gitlab.host}?owner=research&repo=sales`,
          branch: 'nope',
        }).ctx,
      ),
    ).rejects.toThrow(
      `GitLab at ${standin.gitlab.url} refused starting a pipeline on nope of research/sales: base Reference not found; the repository and its CI/CD variables exist already, and Retry starts the pipeline`,
    );
  });

  it('starts nothing in a dry run', async () => {
    const before = pipelinesOfSales().length;
    const dry = mockActionContext(
      { ...input, repoUrl: `${standin.gitlab.host}?owner=research&repo=sales` },
      { isDryRun: true },
    );
    await standin.action.handler(dry.ctx);
    expect(pipelinesOfSales()).toHaveLength(before);
  });
});
