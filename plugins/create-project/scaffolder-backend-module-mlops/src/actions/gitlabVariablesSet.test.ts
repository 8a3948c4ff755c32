import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { standinIntegrations } from '../__testUtils__/standinIntegrations';
import { createGitlabVariablesSetAction } from './gitlabVariablesSet';

const TOKEN = 'fake-gitlab-token-variables-0123456789';
const SECRET = 'a-masked-value-7c21e9';

describe('mlops:gitlabVariables:set', () => {
  let gitlab: GitlabStandin;
  let action: ReturnType<typeof createGitlabVariablesSetAction>;
  beforeAll(async () => {
    gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
    action = createGitlabVariablesSetAction({
      integrations: standinIntegrations(gitlab, TOKEN),
    });
  });
  afterAll(() => gitlab.close());

  const input = (repo: string, horizon = '12') => ({
    repoUrl: `${gitlab.host}?owner=research&repo=${repo}`,
    variables: [
      { key: 'MLOPS_CLEARML_PROJECT', value: `forecasting/${repo}` },
      { key: 'MLOPS_HORIZON', value: horizon },
      { key: 'MLOPS_SERVICE_KEY', value: SECRET, masked: true },
    ],
  });
  const variablesOf = (repo: string) =>
    gitlab.variables.get(gitlab.projects.find(p => p.path === repo)!.id) ?? [];

  it('sets each variable; a retried task, with or without its record of the first run, leaves each once', async () => {
    await gitlab.addProject('research', 'sales');
    const first = mockActionContext(input('sales'));
    await action.handler(first.ctx);
    expect(first.outputs.set).toEqual([
      'MLOPS_CLEARML_PROJECT',
      'MLOPS_HORIZON',
      'MLOPS_SERVICE_KEY',
    ]);
    // the retry of a task that recorded what it did skips it
    await action.handler(
      mockActionContext(input('sales'), { checkpoints: first.checkpoints }).ctx,
    );
    // a task cut after GitLab took the variables but before it recorded them: GitLab answers "(KEY) has
    // already been taken", and the variable is updated instead
    const cut = mockActionContext(input('sales', '24'));
    await action.handler(cut.ctx);
    expect(
      variablesOf('sales').map(v => [
        v.key,
        v.value,
        v.masked,
        v.environment_scope,
      ]),
    ).toEqual([
      ['MLOPS_CLEARML_PROJECT', 'forecasting/sales', false, '*'],
      ['MLOPS_HORIZON', '24', false, '*'],
      ['MLOPS_SERVICE_KEY', SECRET, true, '*'],
    ]);
    const logged = JSON.stringify([
      first.logger.info.mock.calls,
      cut.logger.info.mock.calls,
    ]);
    expect(logged).toContain('MLOPS_SERVICE_KEY');
    expect(logged).not.toContain(SECRET);
  });

  it('says in one sentence that GitLab refused a variable and what exists already; its retry sets the rest', async () => {
    await gitlab.addProject('research', 'refused');
    gitlab.state.refuseVariables = true;
    const failed = mockActionContext({
      ...input('refused'),
      failureNote: 'the repository and its catalog entry exist already',
    });
    const error = await action
      .handler(failed.ctx)
      .then(
        () => new Error('the step succeeded'),
        (e: Error) => e,
      )
      .finally(() => {
        gitlab.state.refuseVariables = false;
      });
    expect(String(error)).toBe(
      `NotAllowedError: GitLab at ${gitlab.url} refused setting the CI/CD variable MLOPS_CLEARML_PROJECT of research/refused (403): the portal's token needs the Maintainer role on research/refused to set its CI/CD variables; the repository and its catalog entry exist already, no variable is set yet, and Retry sets the rest`,
    );
    expect(variablesOf('refused')).toEqual([]);

    const retry = mockActionContext(input('refused'), {
      checkpoints: failed.checkpoints,
    });
    await action.handler(retry.ctx);
    expect(variablesOf('refused').map(v => v.key)).toEqual([
      'MLOPS_CLEARML_PROJECT',
      'MLOPS_HORIZON',
      'MLOPS_SERVICE_KEY',
    ]);
  });

  it('names the variables already set when GitLab refuses a later one, never a value', async () => {
    await gitlab.addProject('research', 'partly');
    const error = await action
      .handler(
        mockActionContext({
          repoUrl: `${gitlab.host}?owner=research&repo=partly`,
          variables: [
            { key: 'MLOPS_DATASET_ID', value: 'sample' },
            { key: 'MLOPS-SERVICE-KEY', value: SECRET },
          ],
        }).ctx,
      )
      .then(
        () => new Error('the step succeeded'),
        (e: Error) => e,
      );
    expect(error.message).toBe(
      `GitLab at ${gitlab.url} refused setting the CI/CD variable MLOPS-SERVICE-KEY of research/partly: key can contain only letters, digits and '_'.; the repository research/partly exists already, MLOPS_DATASET_ID is set, and Retry sets the rest`,
    );
    expect(error.message).not.toContain(SECRET);
    expect(variablesOf('partly').map(v => v.key)).toEqual(['MLOPS_DATASET_ID']);
  });
});
