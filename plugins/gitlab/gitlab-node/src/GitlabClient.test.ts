import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import http from 'http';
import { AddressInfo } from 'net';
import { DefaultGitlabClient } from './GitlabClient';

const TOKEN = 'fake-gitlab-token-client-0123456789';

function integrations(
  hosts: { host: string; url: string; token?: string }[],
): ScmIntegrations {
  return ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: hosts.map(h => ({
          host: h.host,
          apiBaseUrl: `${h.url}/api/v4`,
          baseUrl: h.url,
          ...(h.token ? { token: h.token } : {}),
        })),
      },
    }),
  );
}

describe('DefaultGitlabClient', () => {
  let gitlab: GitlabStandin;
  let client: DefaultGitlabClient;
  beforeAll(async () => {
    gitlab = await startGitlabStandin({
      token: TOKEN,
      groups: ['research', 'applied/forecasting'],
    });
    await gitlab.addProject('research', 'sales');
    client = DefaultGitlabClient.fromIntegrations(
      integrations([{ host: gitlab.host, url: gitlab.url, token: TOKEN }]),
      gitlab.host,
    );
  });
  afterAll(() => gitlab.close());

  it('reads groups, projects and pipelines, and answers undefined for what is not there', async () => {
    await expect(client.checkToken()).resolves.toBeUndefined();
    expect((await client.listGroups()).map(g => g.full_path)).toEqual([
      'applied/forecasting',
      'research',
    ]);
    expect(await client.getNamespace('research')).toMatchObject({
      full_path: 'research',
    });
    expect(await client.getNamespace('nobody')).toBeUndefined();
    expect(await client.getProject('research/sales')).toMatchObject({
      path_with_namespace: 'research/sales',
      web_url: `${gitlab.url}/research/sales`,
    });
    expect(await client.getProject('research/none')).toBeUndefined();
    expect(
      await client.getLatestPipeline('research/sales', 'main'),
    ).toBeUndefined();
  });

  it('refuses a host that is not configured, or has no token, before sending anything', () => {
    const config = integrations([{ host: 'gitlab.example', url: 'http://x' }]);
    expect(() =>
      DefaultGitlabClient.fromIntegrations(config, 'other.example', {
        failureNote: 'nothing was created',
      }),
    ).toThrow(
      'other.example is not a GitLab host the portal is configured for (integrations.gitlab); nothing was created',
    );
    expect(() =>
      DefaultGitlabClient.fromIntegrations(config, 'gitlab.example'),
    ).toThrow(
      'No token is configured for gitlab.example (integrations.gitlab[].token)',
    );
  });

  it('says which host refused the token and what it was doing, never the token', async () => {
    const refused = DefaultGitlabClient.fromIntegrations(
      integrations([
        { host: gitlab.host, url: gitlab.url, token: 'revoked-token-42' },
      ]),
      gitlab.host,
      { failureNote: 'nothing was created' },
    );
    const error = await refused.getProject('research/sales').catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      `GitLab at ${gitlab.url} refused the portal's token (401) while looking up research/sales: check integrations.gitlab[].token for ${gitlab.host}; nothing was created`,
    );
    expect(error.message).not.toContain('revoked-token-42');
  });

  it('says GitLab is unreachable when nothing listens, or nothing answers in time', async () => {
    const down = DefaultGitlabClient.fromIntegrations(
      integrations([
        { host: '127.0.0.1:9', url: 'http://127.0.0.1:9', token: TOKEN },
      ]),
      '127.0.0.1:9',
    );
    await expect(down.checkToken()).rejects.toThrow(
      /^GitLab at http:\/\/127\.0\.0\.1:9 is unreachable \(.+\) while checking the token: try again when it is back$/,
    );

    const silent = http.createServer(() => {}); // accepts, never answers
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const slow = DefaultGitlabClient.fromIntegrations(
        integrations([{ host, url: `http://${host}`, token: TOKEN }]),
        host,
        { timeoutMs: 200 },
      );
      const error = await slow.listGroups().catch(e => e);
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.message).toBe(
        `GitLab at http://${host} is unreachable (no answer in 0.2 s) while reading the groups the portal may create projects in: try again when it is back`,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  describe('CI/CD variables and pipelines', () => {
    const SECRET = 'masked-value-9f3c1a77';
    const noted = () =>
      DefaultGitlabClient.fromIntegrations(
        integrations([{ host: gitlab.host, url: gitlab.url, token: TOKEN }]),
        gitlab.host,
        { failureNote: 'the repository research/sales exists already' },
      );
    const salesId = () =>
      gitlab.projects.find(
        p => p.path === 'sales' && p.namespace === 'research',
      )!.id;

    it('creates a variable, then updates it in place: one variable, the last value', async () => {
      await expect(
        client.setProjectVariable('research/sales', {
          key: 'MLOPS_HORIZON',
          value: '12',
        }),
      ).resolves.toBe('created');
      await expect(
        client.setProjectVariable('research/sales', {
          key: 'MLOPS_HORIZON',
          value: '24',
          masked: false,
        }),
      ).resolves.toBe('updated');
      await client.setProjectVariable('research/sales', {
        key: 'MLOPS_TOKEN',
        value: SECRET,
        masked: true,
        protected: true,
      });
      expect(gitlab.variables.get(salesId())).toEqual([
        expect.objectContaining({
          key: 'MLOPS_HORIZON',
          value: '24',
          environment_scope: '*',
          masked: false,
        }),
        expect.objectContaining({
          key: 'MLOPS_TOKEN',
          value: SECRET,
          masked: true,
          protected: true,
        }),
      ]);
    });

    it("says in one sentence that GitLab refused a variable, with GitLab's reason and never the value", async () => {
      gitlab.state.refuseVariables = true;
      const refused = await noted()
        .setProjectVariable('research/sales', {
          key: 'MLOPS_TOKEN',
          value: SECRET,
        })
        .catch(e => e)
        .finally(() => {
          gitlab.state.refuseVariables = false;
        });
      expect(refused.name).toBe('NotAllowedError');
      expect(refused.message).toBe(
        `GitLab at ${gitlab.url} refused setting the CI/CD variable MLOPS_TOKEN of research/sales (403): the portal's token needs the Maintainer role on research/sales to set its CI/CD variables; the repository research/sales exists already`,
      );
      const invalid = await noted()
        .setProjectVariable('research/sales', {
          key: 'NOT-A-KEY',
          value: SECRET,
        })
        .catch(e => e);
      expect(invalid.name).toBe('InputError');
      expect(invalid.message).toBe(
        `GitLab at ${gitlab.url} refused setting the CI/CD variable NOT-A-KEY of research/sales: key can contain only letters, digits and '_'.; the repository research/sales exists already`,
      );
      expect(`${refused.message}${invalid.message}`).not.toContain(SECRET);
    });

    it('starts a pipeline on a branch, and says why when GitLab refuses it', async () => {
      await gitlab.commitFiles('research', 'sales', { 'README.md': '# s\n' });
      const pipeline = await client.createPipeline('research/sales', 'main');
      expect(pipeline).toMatchObject({
        ref: 'main',
        status: 'created',
        web_url: `${gitlab.url}/research/sales/-/pipelines/${pipeline.id}`,
      });
      expect(gitlab.pipelines.filter(p => p.projectId === salesId())).toEqual([
        expect.objectContaining({ id: pipeline.id, source: 'api' }),
      ]);
      await expect(
        noted().createPipeline('research/sales', 'nope'),
      ).rejects.toThrow(
        `GitLab at ${gitlab.url} refused starting a pipeline on nope of research/sales: base Reference not found; the repository research/sales exists already`,
      );
      gitlab.state.refusePipelines = true;
      const refused = await noted()
        .createPipeline('research/sales', 'main')
        .catch(e => e)
        .finally(() => {
          gitlab.state.refusePipelines = false;
        });
      expect(refused.message).toBe(
        `GitLab at ${gitlab.url} refused starting a pipeline on main of research/sales (403): the portal's token needs the Developer role on research/sales to start its pipelines; the repository research/sales exists already`,
      );
      expect(
        gitlab.pipelines.filter(p => p.projectId === salesId()),
      ).toHaveLength(1);
    });
  });

  it('lets a cancelled task stop a call without calling it an outage', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client
      .getProject('research/sales', { signal: controller.signal })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
  });
});
