import {
  failureOf,
  mockActionContext,
} from '../__testUtils__/mockActionContext';
import { gitlabActionStandin } from '../__testUtils__/gitlabActionStandin';
import { createGitlabRepoCheckAction } from './gitlabRepoCheck';

const TOKEN = 'fake-gitlab-token-check-0123456789';

describe('mlops:gitlabRepo:check', () => {
  const standin = gitlabActionStandin(
    TOKEN,
    integrations => createGitlabRepoCheckAction({ integrations }),
    [
      {
        host: '127.0.0.1:9',
        apiBaseUrl: 'http://127.0.0.1:9/api/v4',
        baseUrl: 'http://127.0.0.1:9',
        token: TOKEN,
      },
    ],
  );
  beforeAll(async () => {
    await standin.gitlab.addProject('research', 'taken');
  });

  const check = (repoUrl: string) =>
    standin.action.handler(mockActionContext({ repoUrl }).ctx);

  it('passes for a free name in an existing group and says where it will be', async () => {
    const { ctx, outputs } = mockActionContext({
      repoUrl: `${standin.gitlab.host}?owner=research&repo=new-one`,
    });
    await standin.action.handler(ctx);
    expect(outputs.webUrl).toBe(`${standin.gitlab.url}/research/new-one`);
  });

  it('passes on a retried task whose first run created the repository', async () => {
    const repoUrl = `${standin.gitlab.host}?owner=research&repo=retried`;
    const first = mockActionContext({ repoUrl });
    await standin.action.handler(first.ctx);
    await standin.gitlab.addProject('research', 'retried');
    const retry = mockActionContext(
      { repoUrl },
      { checkpoints: first.checkpoints },
    );
    await standin.action.handler(retry.ctx);
    expect(retry.outputs.webUrl).toBe(`${standin.gitlab.url}/research/retried`);
    await expect(check(repoUrl)).rejects.toThrow('already exists');
  });

  it('names a group that does not exist', async () => {
    await expect(
      check(`${standin.gitlab.host}?owner=nobody&repo=x`),
    ).rejects.toThrow(
      `The GitLab group "nobody" does not exist on ${standin.gitlab.host}, or the portal's token cannot see it; nothing was created`,
    );
  });

  it('names a repository that already exists', async () => {
    await expect(
      check(`${standin.gitlab.host}?owner=research&repo=taken`),
    ).rejects.toThrow(
      `The repository research/taken already exists on ${standin.gitlab.host} (${standin.gitlab.url}/research/taken): choose another name; nothing was created`,
    );
  });

  it('says the token was refused, without showing it', async () => {
    standin.gitlab.state.refuseTokens = true;
    const error = await failureOf(
      check(`${standin.gitlab.host}?owner=research&repo=x`),
    );
    standin.gitlab.state.refuseTokens = false;
    expect(error.message).toBe(
      `GitLab at ${standin.gitlab.url} refused the portal's token (401) while checking the token: check integrations.gitlab[].token for ${standin.gitlab.host}; nothing was created`,
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it('says GitLab is unreachable', async () => {
    await expect(check('127.0.0.1:9?owner=research&repo=x')).rejects.toThrow(
      /^GitLab at http:\/\/127\.0\.0\.1:9 is unreachable( \(.+\))? while checking the token; nothing was created: try again when it is back$/,
    );
  });

  it('refuses hosts the portal is not configured for, before sending the token anywhere', async () => {
    await expect(
      check('evil.example.com?owner=research&repo=x'),
    ).rejects.toThrow(/evil\.example\.com/);
  });

  it('refuses group and repository names that try to escape', async () => {
    await expect(
      check(`${standin.gitlab.host}?owner=../../other&repo=x`),
    ).rejects.toThrow(
      '"../../other" is not a GitLab group path; nothing was created',
    );
    for (const repo of ['a b', 'a%2Fb', '..', '%2E%2E', 'pr%C3%B8ve', '-x']) {
      const name = decodeURIComponent(repo);
      await expect(
        check(`${standin.gitlab.host}?owner=research&repo=${repo}`),
      ).rejects.toThrow(
        `"${name}" is not a GitLab repository name: use letters, digits, "_", "-" and "."; nothing was created`,
      );
    }
    for (const owner of [
      'research/..',
      'research/../other',
      'research%0Aother',
    ]) {
      await expect(
        check(`${standin.gitlab.host}?owner=${owner}&repo=x`),
      ).rejects.toThrow(
        `"${decodeURIComponent(
          owner,
        )}" is not a GitLab group path; nothing was created`,
      );
    }
  });
});
