import { ConfigReader } from '@backstage/config';
import { DefaultClearmlClient } from '@mlops-portal/plugin-clearml-node';
import {
  ClearmlStandin,
  createClearmlStandin,
  emptyFixtures,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import { randomBytes } from 'node:crypto';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createClearmlProjectCreateAction } from './clearmlProjectCreate';

const ACCESS_KEY = 'AK-portal-service';
// a fresh value each run, never a committed secret
const SECRET_KEY = randomBytes(16).toString('hex');

/** The repository's ClearML API stand-in, with no projects yet. */
async function startStandin(): Promise<ClearmlStandin> {
  const standin = createClearmlStandin({
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    fixtures: emptyFixtures(),
  });
  await standin.start();
  return standin;
}

function clientFor(apiUrl: string, secretKey = SECRET_KEY) {
  return DefaultClearmlClient.fromConfig(
    new ConfigReader({
      clearml: {
        apiUrl,
        webUrl: 'http://clearml-web.test',
        accessKey: ACCESS_KEY,
        secretKey,
      },
    }),
  );
}

describe('mlops:clearmlProject:create', () => {
  let standin: ClearmlStandin;
  beforeEach(async () => {
    standin = await startStandin();
  });
  afterEach(() => standin.stop());

  it('logs in with the access key and creates the project, linking to its page', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    const { ctx, outputs } = mockActionContext({
      name: 'forecasting/sales-demand',
      description: 'Weekly sales',
    });
    await action.handler(ctx);

    expect(standin.fixtures.projects).toEqual([
      expect.objectContaining({
        name: 'forecasting/sales-demand',
        description: 'Weekly sales',
      }),
    ]);
    const id = standin.fixtures.projects[0].id;
    expect(outputs).toEqual({
      projectId: id,
      projectUrl: `http://clearml-web.test/projects/${id}/experiments`,
      created: true,
    });
    expect(standin.state.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'projects.create',
    ]);
  });

  it('reuses a project that already exists instead of failing or duplicating it', async () => {
    standin.fixtures.projects.push({ id: 'existing-1', name: 'anomaly/pumps' });
    // A project whose name merely contains the wanted one, or matches it as a pattern, is not it.
    standin.fixtures.projects.push({
      id: 'other-2',
      name: 'anomaly/pumps-old',
    });
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    const { ctx, outputs } = mockActionContext({ name: 'anomaly/pumps' });
    await action.handler(ctx);

    expect(outputs.projectId).toBe('existing-1');
    expect(outputs.created).toBe(false);
    expect(standin.fixtures.projects).toHaveLength(2);
  });

  it('does not create the project twice when a retried task replays its checkpoint', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    const first = mockActionContext({ name: 'classification/ecg' });
    await action.handler(first.ctx);
    const again = mockActionContext(
      { name: 'classification/ecg' },
      { checkpoints: first.checkpoints },
    );
    await action.handler(again.ctx);

    expect(standin.fixtures.projects).toHaveLength(1);
    expect(again.outputs.projectId).toBe(first.outputs.projectId);
    expect(
      standin.state.calls.filter(c => c.endpoint === 'projects.create'),
    ).toHaveLength(1);
  });

  it('logs in again when ClearML revoked the token between two tasks', async () => {
    // One client serves every task of a running backend (module.ts keeps it), so its token outlives tasks.
    const client = clientFor(standin.url);
    const action = createClearmlProjectCreateAction({
      getClient: () => client,
    });
    await action.handler(mockActionContext({ name: 'forecasting/a' }).ctx);
    standin.revokeTokens();
    const second = mockActionContext({ name: 'forecasting/b' });
    await action.handler(second.ctx);

    expect(second.outputs.created).toBe(true);
    expect(standin.fixtures.projects.map(p => p.name)).toEqual([
      'forecasting/a',
      'forecasting/b',
    ]);
    expect(standin.state.logins).toBe(2);
  });

  it('changes nothing on a dry run', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    const { ctx, outputs } = mockActionContext(
      { name: 'forecasting/x' },
      { isDryRun: true },
    );
    await action.handler(ctx);

    expect(standin.state.calls).toEqual([]);
    expect(outputs.created).toBe(false);
  });

  it('fails clearly when ClearML refuses the credentials, without revealing them', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url, 'wrong-secret-value'),
    });
    const { ctx, logger } = mockActionContext({ name: 'forecasting/x' });
    const error = await action.handler(ctx).catch(e => e as Error);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /ClearML auth\.login answered 401.*invalid credentials.*check clearml\.accessKey and clearml\.secretKey/,
    );
    const everything = JSON.stringify([
      (error as Error).message,
      logger.info.mock.calls,
    ]);
    expect(everything).not.toContain('wrong-secret-value');
    expect(everything).not.toContain(
      Buffer.from(`${ACCESS_KEY}:wrong-secret-value`).toString('base64'),
    );
    expect(standin.fixtures.projects).toEqual([]);
  });

  it('fails clearly when ClearML is unreachable', async () => {
    await standin.stop();
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    const { ctx } = mockActionContext({ name: 'forecasting/x' });

    await expect(action.handler(ctx)).rejects.toThrow(
      new RegExp(
        `ClearML at ${standin.url.replace(
          /\./g,
          '\\.',
        )} is unreachable \\(auth\\.login\\)`,
      ),
    );
    standin = await startStandin();
  });

  it('rejects project names ClearML would misread', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => clientFor(standin.url),
    });
    for (const name of [
      '',
      '/root',
      'a//b',
      'x/',
      'name\nwith newline',
      'a'.repeat(200),
    ]) {
      const { ctx } = mockActionContext({ name });
      await expect(action.handler(ctx)).rejects.toThrow(
        /is not a valid ClearML project name/,
      );
    }
    expect(standin.state.calls).toEqual([]);
  });

  it('names the missing configuration keys when ClearML is not configured', async () => {
    const action = createClearmlProjectCreateAction({
      getClient: () => DefaultClearmlClient.fromConfig(new ConfigReader({})),
    });
    const { ctx } = mockActionContext({ name: 'forecasting/x' });
    await expect(action.handler(ctx)).rejects.toThrow(
      'ClearML is not configured for this portal: set clearml.apiUrl, clearml.webUrl, clearml.accessKey and clearml.secretKey',
    );
  });
});
