import { ConfigReader } from '@backstage/config';
import { DefaultClearmlClient } from '../clearml/ClearmlClient';
import { startClearmlDouble } from '../__testUtils__/clearmlDouble';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createClearmlProjectAction } from './createClearmlProject';

const ACCESS_KEY = 'AK-portal-service';
const SECRET_KEY = 'SK-very-secret-value-1234';

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

describe('clearml:project:create', () => {
  let double: Awaited<ReturnType<typeof startClearmlDouble>>;
  beforeEach(async () => {
    double = await startClearmlDouble({
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    });
  });
  afterEach(() => double.close());

  it('logs in with the access key and creates the project, linking to its page', async () => {
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
    });
    const { ctx, outputs } = mockActionContext({
      name: 'forecasting/sales-demand',
      description: 'Weekly sales',
    });
    await action.handler(ctx);

    expect(double.projects).toEqual([
      expect.objectContaining({
        name: 'forecasting/sales-demand',
        description: 'Weekly sales',
      }),
    ]);
    const id = double.projects[0].id;
    expect(outputs).toEqual({
      projectId: id,
      projectUrl: `http://clearml-web.test/projects/${id}/experiments`,
      created: true,
    });
    expect(double.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'projects.create',
    ]);
  });

  it('reuses a project that already exists instead of failing or duplicating it', async () => {
    double.projects.push({ id: 'existing-1', name: 'anomaly/pumps' });
    // A project whose name merely contains the wanted one, or matches it as a pattern, is not it.
    double.projects.push({ id: 'other-2', name: 'anomaly/pumps-old' });
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
    });
    const { ctx, outputs } = mockActionContext({ name: 'anomaly/pumps' });
    await action.handler(ctx);

    expect(outputs.projectId).toBe('existing-1');
    expect(outputs.created).toBe(false);
    expect(double.projects).toHaveLength(2);
  });

  it('does not create the project twice when a retried task replays its checkpoint', async () => {
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
    });
    const first = mockActionContext({ name: 'classification/ecg' });
    await action.handler(first.ctx);
    const again = mockActionContext(
      { name: 'classification/ecg' },
      { checkpoints: first.checkpoints },
    );
    await action.handler(again.ctx);

    expect(double.projects).toHaveLength(1);
    expect(again.outputs.projectId).toBe(first.outputs.projectId);
    expect(
      double.calls.filter(c => c.endpoint === 'projects.create'),
    ).toHaveLength(1);
  });

  it('changes nothing on a dry run', async () => {
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
    });
    const { ctx, outputs } = mockActionContext(
      { name: 'forecasting/x' },
      { isDryRun: true },
    );
    await action.handler(ctx);

    expect(double.calls).toEqual([]);
    expect(outputs.created).toBe(false);
  });

  it('fails clearly when ClearML refuses the credentials, without revealing them', async () => {
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url, 'wrong-secret-value'),
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
    expect(double.projects).toEqual([]);
  });

  it('fails clearly when ClearML is unreachable', async () => {
    await double.close();
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
    });
    const { ctx } = mockActionContext({ name: 'forecasting/x' });

    await expect(action.handler(ctx)).rejects.toThrow(
      new RegExp(
        `ClearML at ${double.url.replace(
          /\./g,
          '\\.',
        )} is unreachable \\(auth\\.login\\)`,
      ),
    );
    double = await startClearmlDouble({
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    });
  });

  it('rejects project names ClearML would misread', async () => {
    const action = createClearmlProjectAction({
      getClient: () => clientFor(double.url),
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
    expect(double.calls).toEqual([]);
  });

  it('names the missing configuration keys when ClearML is not configured', () => {
    expect(() => DefaultClearmlClient.fromConfig(new ConfigReader({}))).toThrow(
      'ClearML is not configured: set clearml.apiUrl, clearml.webUrl, clearml.accessKey and clearml.secretKey',
    );
  });
});
