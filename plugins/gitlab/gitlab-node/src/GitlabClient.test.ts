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

  it('lets a cancelled task stop a call without calling it an outage', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client
      .getProject('research/sales', { signal: controller.signal })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
  });
});
