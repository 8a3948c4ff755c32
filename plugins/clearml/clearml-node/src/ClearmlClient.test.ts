import { ConfigReader } from '@backstage/config';
import {
  ACCESS_KEY,
  ClearmlConfigData,
  clearmlStandinPerTest,
  SECRET_KEY,
} from './testUtils';
import {
  ClearmlApiError,
  ClearmlCredentialsError,
  ClearmlUnreachableError,
} from './errors';
import { DefaultClearmlClient } from './ClearmlClient';

type Projects = { projects: Array<{ id: string; name: string }> };

describe('DefaultClearmlClient', () => {
  const standin = clearmlStandinPerTest();

  function client(clearml?: ClearmlConfigData): DefaultClearmlClient {
    const created = DefaultClearmlClient.fromConfig(
      new ConfigReader({
        // with trailing slashes, which the client drops
        clearml: standin().clearmlConfig({
          apiUrl: `${standin().url}/`,
          webUrl: 'https://portal.example.com/clearml/',
          ...clearml,
        }),
      }),
    );
    if (!created) {
      throw new Error('expected a client');
    }
    return created;
  }

  const listProjects = (t: DefaultClearmlClient) =>
    t.call<Projects>('projects.get_all', {
      name: '^sales-forecast$',
      only_fields: ['id', 'name'],
    });

  it('logs in once with Basic auth, then calls with the Bearer token and answers the envelope data', async () => {
    const t = client();
    const first = await listProjects(t);
    const models = await t.call<{ models: unknown[] }>('models.get_all', {});

    expect(first.projects.map(p => p.name)).toEqual(['sales-forecast']);
    expect(models.models).toHaveLength(2);
    expect(standin().state.logins).toBe(1);
    expect(standin().state.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'models.get_all',
    ]);
    const [login, ...calls] = standin().state.calls;
    expect(login.authorization).toBe(
      `Basic ${Buffer.from(`${ACCESS_KEY}:${SECRET_KEY}`).toString('base64')}`,
    );
    expect(
      calls.every(c => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(c.authorization)),
    ).toBe(true);
    expect(calls[0].body).toEqual({
      name: '^sales-forecast$',
      only_fields: ['id', 'name'],
    });
  });

  it('shares one login between concurrent calls', async () => {
    const t = client();
    await Promise.all([listProjects(t), listProjects(t), listProjects(t)]);
    expect(standin().state.logins).toBe(1);
  });

  it('logs in again and repeats the call once when ClearML answers 401 to its token', async () => {
    const t = client();
    await listProjects(t);
    standin().revokeTokens();
    const again = await listProjects(t);

    expect(again.projects).toHaveLength(1);
    expect(standin().state.logins).toBe(2);
    expect(standin().state.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'projects.get_all', // 401: the token was revoked
      'auth.login',
      'projects.get_all',
    ]);
  });

  it('renews a token that is about to expire before using it', async () => {
    // The stand-in's tokens live 30 s; the client renews a minute before expiry, so before each call.
    standin().state.tokenTtlSeconds = 30;
    const t = client();
    await listProjects(t);
    await listProjects(t);

    expect(standin().state.logins).toBe(2);
    // No call was sent with a token about to expire and refused
    expect(standin().state.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'auth.login',
      'projects.get_all',
    ]);
  });

  it('refuses credentials with a typed error naming the keys, once, without revealing them', async () => {
    const t = client({ secretKey: 'wrong-secret-value' });
    const error = await listProjects(t).catch(e => e);

    expect(error).toBeInstanceOf(ClearmlCredentialsError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      'ClearML auth.login answered 401 Unauthorized: Unauthorized (invalid credentials) (check clearml.accessKey and clearml.secretKey)',
    );
    expect(error).toMatchObject({
      endpoint: 'auth.login',
      status: 401,
      clearmlMessage: 'Unauthorized (invalid credentials)',
    });
    const everything = JSON.stringify({
      ...error,
      message: error.message,
      stack: error.stack,
    });
    expect(everything).not.toContain('wrong-secret-value');
    expect(everything).not.toContain(
      Buffer.from(`${ACCESS_KEY}:wrong-secret-value`).toString('base64'),
    );
    // One login attempt, no loop, and the call itself was never sent
    expect(standin().state.calls.map(c => c.endpoint)).toEqual(['auth.login']);
  });

  it('gives up with the credentials error when the renewed login is refused too', async () => {
    const t = client();
    await listProjects(t);
    standin().revokeTokens();
    standin().state.secretKey = 'rotated-on-the-server';

    await expect(listProjects(t)).rejects.toThrow(ClearmlCredentialsError);
    expect(standin().state.calls.map(c => c.endpoint)).toEqual([
      'auth.login',
      'projects.get_all',
      'projects.get_all',
      'auth.login',
    ]);
  });

  it('reports a 5xx with ClearML’s own message', async () => {
    const t = client();
    await listProjects(t);
    standin().state.failStatus = 500;
    const error = await listProjects(t).catch(e => e);

    expect(error).toBeInstanceOf(ClearmlApiError);
    expect(error).not.toBeInstanceOf(ClearmlCredentialsError);
    expect(error.message).toBe(
      'ClearML projects.get_all answered 500 Internal Server Error: General data error',
    );
    expect(error).toMatchObject({
      status: 500,
      statusText: 'Internal Server Error',
      resultCode: 500,
      clearmlMessage: 'General data error',
    });
  });

  it('reports an error ClearML answers to a call, such as a duplicate project', async () => {
    const t = client();
    const error = (await t
      .call('projects.create', { name: 'sales-forecast' })
      .catch(e => e)) as ClearmlApiError;

    expect(error).toBeInstanceOf(ClearmlApiError);
    expect(error.message).toBe(
      'ClearML projects.create answered 400 Bad Request: Project with the same name already exists (name=sales-forecast)',
    );
    expect(error.clearmlMessage).toBe(
      'Project with the same name already exists (name=sales-forecast)',
    );
  });

  it('gives up within the timeout when ClearML is slow', async () => {
    const t = client({ timeoutMs: 300 });
    await listProjects(t);
    standin().state.delayMs = 8000;
    const started = Date.now();
    const error = await listProjects(t).catch(e => e);

    expect(Date.now() - started).toBeLessThan(8000);
    expect(error).toBeInstanceOf(ClearmlUnreachableError);
    expect(error.timedOut).toBe(true);
    expect(error.message).toBe(
      `ClearML at ${
        standin().url
      } did not answer projects.get_all within 300 ms`,
    );
  });

  it('says when ClearML is unreachable', async () => {
    const t = client();
    const url = standin().url;
    await standin().stop();
    const error = await listProjects(t).catch(e => e);

    expect(error).toBeInstanceOf(ClearmlUnreachableError);
    expect(error.timedOut).toBe(false);
    expect(error.message).toMatch(
      new RegExp(
        `^ClearML at ${url.replace(
          /\./g,
          '\\.',
        )} is unreachable \\(auth\\.login\\): .*ECONNREFUSED`,
      ),
    );
  });

  it('refuses anything but a <service>.<action> call, and auth.login', async () => {
    const t = client();
    for (const endpoint of [
      '../admin.x',
      'projects.get_all?x=1',
      'auth.login',
    ]) {
      await expect(t.call(endpoint as 'a.b')).rejects.toThrow(
        `"${endpoint}" is not a ClearML API call of the form <service>.<action>`,
      );
    }
    expect(standin().state.calls).toEqual([]);
  });

  it('finds a project by its exact name only, and creates one', async () => {
    const t = client();
    expect(await t.findProject('sales-forecast')).toMatchObject({
      name: 'sales-forecast',
    });
    // projects.get_all reads the name as a regular expression: neither a part nor a pattern matches
    expect(await t.findProject('sales')).toBeUndefined();
    expect(await t.findProject('sales.forecast')).toBeUndefined();

    const id = await t.createProject({
      name: 'forecasting/new-one',
      description: 'Created by a test',
    });
    expect(await t.findProject('forecasting/new-one')).toMatchObject({
      id,
      name: 'forecasting/new-one',
    });
  });

  it('creates a hidden project, and a task it takes from created to published with its artifacts, as ClearML Data does', async () => {
    const t = client();
    const projectId = await t.createProject({
      name: 'sales-forecast/.datasets/store-sales-2',
      description: 'A dataset',
      systemTags: ['hidden', 'dataset'],
    });
    // hidden: found only when asked for hidden projects
    expect(await t.findProject('sales-forecast/.datasets/store-sales-2')).toBe(
      undefined,
    );
    expect(
      await t.findProject('sales-forecast/.datasets/store-sales-2', {
        includeHidden: true,
      }),
    ).toMatchObject({ id: projectId });

    const taskId = await t.createTask({
      name: 'store-sales-2',
      type: 'data_processing',
      projectId,
      systemTags: ['dataset'],
    });
    await t.editTask(taskId, { runtime: { version: '1.0.0' } });
    await t.startTask(taskId);
    // a running task cannot be edited any more: ClearML's own error
    await expect(
      t.editTask(taskId, { runtime: { version: '2.0.0' } }),
    ).rejects.toThrow(
      'ClearML tasks.edit answered 400 Bad Request: Invalid task status: expected=created, status=in_progress',
    );
    await t.addOrUpdateArtifacts(taskId, [
      { key: 'state', type: 'dict', uri: 'http://files/state.json' },
    ]);
    await t.addOrUpdateArtifacts(taskId, [
      { key: 'state', type: 'dict', uri: 'http://files/state-2.json' },
      { key: 'data', type: 'custom', uri: 'http://files/data.zip' },
    ]);
    await t.completeTask(taskId);
    await t.publishTask(taskId);

    const [task] = await t.getTasks({
      ids: [taskId],
      includeHidden: true,
    });
    expect(task).toMatchObject({
      name: 'store-sales-2',
      type: 'data_processing',
      status: 'published',
      project: projectId,
      system_tags: ['dataset'],
      runtime: { version: '1.0.0' },
    });
    const stored = standin().fixtures.tasks.find(x => x.id === taskId);
    expect(stored.execution.artifacts).toEqual([
      {
        key: 'data',
        type: 'custom',
        mode: 'output',
        uri: 'http://files/data.zip',
      },
      {
        key: 'state',
        type: 'dict',
        mode: 'output',
        uri: 'http://files/state-2.json',
      },
    ]);
  });

  it('uploads a file to the file server with its token, logging in again when the token was revoked', async () => {
    const t = client({ filesUrl: `${standin().filesUrl}/` });
    expect(t.filesUrl).toBe(standin().filesUrl);
    const bytes = Buffer.from('date,sales\n2026-01-01,3\n');

    const url = await t.uploadFile('a/b/c.csv', bytes, 'text/csv');
    expect(url).toBe(`${standin().filesUrl}/a/b/c.csv`);
    expect(standin().state.files.get('a/b/c.csv')).toEqual(bytes);

    standin().revokeTokens();
    await t.uploadFile('a/b/d.csv', bytes, 'text/csv');
    expect(standin().state.files.get('a/b/d.csv')).toEqual(bytes);
    expect(standin().state.logins).toBe(2);

    standin().state.failEndpoints.set('fileserver', 500);
    await expect(t.uploadFile('a/b/e.csv', bytes, 'text/csv')).rejects.toThrow(
      `ClearML's file server at ${
        standin().filesUrl
      } answered 500 Internal Server Error to the upload of a/b/e.csv`,
    );
    expect(standin().state.files.has('a/b/e.csv')).toBe(false);
  });

  it('gives an upload a second per MB beyond the call timeout, and no more', async () => {
    const t = client({ filesUrl: standin().filesUrl, timeoutMs: 300 });
    standin().state.filesDelayMs = 1500;
    try {
      // 3 MB: 300 ms + 3 s, time for the server's late answer
      const large = Buffer.alloc(3 * 1024 * 1024, 1);
      await t.uploadFile('big.bin', large, 'application/octet-stream');
      expect(standin().state.files.get('big.bin')?.length).toBe(large.length);
      // a few bytes: 300 ms only
      await expect(
        t.uploadFile('small.csv', Buffer.from('x'), 'text/csv'),
      ).rejects.toThrow(
        /did not answer file server upload of small.csv within 301 ms/,
      );
    } finally {
      standin().state.filesDelayMs = 0;
    }
  });

  it('refuses to upload without clearml.filesUrl', async () => {
    await expect(
      client().uploadFile('a.csv', Buffer.from('x'), 'text/csv'),
    ).rejects.toThrow(
      "ClearML's file server is not configured: set clearml.filesUrl",
    );
  });

  it('links into the web app at clearml.webUrl', () => {
    const t = client();
    expect(t.webUrl).toBe('https://portal.example.com/clearml');
    expect(t.apiUrl).toBe(standin().url);
    expect(t.links.project('p1')).toBe(
      'https://portal.example.com/clearml/projects/p1/experiments',
    );
    expect(t.links.experiment('p1', 't1')).toBe(
      'https://portal.example.com/clearml/projects/p1/experiments/t1/output/execution',
    );
    expect(t.links.model('p1', 'm1')).toBe(
      'https://portal.example.com/clearml/projects/p1/models/m1/general',
    );
    expect(t.links.dataset('d1', 't1')).toBe(
      'https://portal.example.com/clearml/datasets/simple/d1/experiments/t1',
    );
  });
});
