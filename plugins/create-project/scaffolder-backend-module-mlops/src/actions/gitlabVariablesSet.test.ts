import {
  failureOf,
  mockActionContext,
} from '../__testUtils__/mockActionContext';
import { gitlabActionStandin } from '../__testUtils__/gitlabActionStandin';
import { createGitlabVariablesSetAction } from './gitlabVariablesSet';

const TOKEN = 'fake-gitlab-token-variables-0123456789';
const SECRET = 'a-masked-value-7c21e9';

describe('mlops:gitlabVariables:set', () => {
  const standin = gitlabActionStandin(TOKEN, integrations =>
    createGitlabVariablesSetAction({ integrations }),
  );

  const input = (repo: string, horizon = '12') => ({
    repoUrl: `${standin.gitlab.host}?owner=research&repo=${repo}`,
    variables: [
      { key: 'MLOPS_CLEARML_PROJECT', value: `forecasting/${repo}` },
      { key: 'MLOPS_HORIZON', value: horizon },
      { key: 'MLOPS_SERVICE_KEY', value: SECRET, masked: true },
    ],
  });
  const variablesOf = (repo: string) =>
    standin.gitlab.variables.get(
      standin.gitlab.projects.find(p => p.path === repo)!.id,
    ) ?? [];

  it('sets each variable; a retried task, with or without its record of the first run, leaves each once', async () => {
    await standin.gitlab.addProject('research', 'sales');
    const first = mockActionContext(input('sales'));
    await standin.action.handler(first.ctx);
    expect(first.outputs.set).toEqual([
      'MLOPS_CLEARML_PROJECT',
      'MLOPS_HORIZON',
      'MLOPS_SERVICE_KEY',
    ]);
    // the retry of a task that recorded what it did skips it
    await standin.action.handler(
      mockActionContext(input('sales'), { checkpoints: first.checkpoints }).ctx,
    );
    // a task cut after GitLab took the variables but before it recorded them: GitLab answers "(KEY) has
    // already been taken", and the variable is updated instead
    const cut = mockActionContext(input('sales', '24'));
    await standin.action.handler(cut.ctx);
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
    await standin.gitlab.addProject('research', 'refused');
    standin.gitlab.state.refuseVariables = true;
    const failed = mockActionContext({
      ...input('refused'),
      failureNote: 'the repository and its catalog entry exist already',
    });
    const error = await failureOf(standin.action.handler(failed.ctx)).finally(
      () => {
        standin.gitlab.state.refuseVariables = false;
      },
    );
    expect(String(error)).toBe(
      `NotAllowedError: GitLab at ${standin.gitlab.url} refused setting the CI/CD variable MLOPS_CLEARML_PROJECT of research/refused (403): the portal's token needs the Maintainer role on research/refused to set its CI/CD variables; the repository and its catalog entry exist already, no variable is set yet, and Retry sets the rest`,
    );
    expect(variablesOf('refused')).toEqual([]);

    const retry = mockActionContext(input('refused'), {
      checkpoints: failed.checkpoints,
    });
    await standin.action.handler(retry.ctx);
    expect(variablesOf('refused').map(v => v.key)).toEqual([
      'MLOPS_CLEARML_PROJECT',
      'MLOPS_HORIZON',
      'MLOPS_SERVICE_KEY',
    ]);
  });

  it('names the variables already set when GitLab refuses a later one, never a value', async () => {
    await standin.gitlab.addProject('research', 'partly');
    const error = await failureOf(
      standin.action.handler(
        mockActionContext({
          repoUrl: `${standin.gitlab.host}?owner=research&repo=partly`,
          variables: [
            { key: 'MLOPS_DATASET_ID', value: 'sample' },
            { key: 'MLOPS-SERVICE-KEY', value: SECRET },
          ],
        }).ctx,
      ),
    );
    expect(error.message).toBe(
      `GitLab at ${standin.gitlab.url} refused setting the CI/CD variable MLOPS-SERVICE-KEY of research/partly: key can contain only letters, digits and '_'.; the repository research/partly exists already, MLOPS_DATASET_ID is set, and Retry sets the rest`,
    );
    expect(error.message).not.toContain(SECRET);
    expect(variablesOf('partly').map(v => v.key)).toEqual(['MLOPS_DATASET_ID']);
  });
});
