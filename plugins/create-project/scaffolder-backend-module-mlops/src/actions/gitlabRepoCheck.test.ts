import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { standinIntegrations } from '../__testUtils__/standinIntegrations';
import { createGitlabRepoCheckAction } from './gitlabRepoCheck';

const TOKEN = 'fake-gitlab-token-check-0123456789';

describe('mlops:gitlabRepo:check', () => {
  let gitlab: GitlabStandin;
  let action: ReturnType<typeof createGitlabRepoCheckAction>;
  beforeAll(async () => {
    gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
    action = createGitlabRepoCheckAction({
      integrations: standinIntegrations(gitlab, TOKEN, [
        {
          host: '127.0.0.1:9',
          apiBaseUrl: 'http://127.0.0.1:9/api/v4',
          baseUrl: 'http://127.0.0.1:9',
          token: TOKEN,
        },
      ]),
    });
    await gitlab.addProject('research', 'taken');
  });
  afterAll(() => gitlab.close());

  const check = (repoUrl: string) =>
    action.handler(mockActionContext({ repoUrl }).ctx);

  it('passes for a free name in an existing group and says where it will be', async () => {
    const { ctx, outputs } = mockActionContext({
      repoUrl: `${gitlab.host}?owner=research&repo=new-one`,
    });
    await action.handler(ctx);
    expect(outputs.webUrl).toBe(`${gitlab.url}/research/new-one`);
  });

  it('passes on a retried task whose first run created the repository', async () => {
    const repoUrl = `${gitlab.host}?owner=research&repo=retried`;
    const first = mockActionContext({ repoUrl });
    await action.handler(first.ctx);
    await gitlab.addProject('research', 'retried');
    const retry = mockActionContext(
      { repoUrl },
      { checkpoints: first.checkpoints },
    );
    await action.handler(retry.ctx);
    expect(retry.outputs.webUrl).toBe(`${gitlab.url}/research/retried`);
    await expect(check(repoUrl)).rejects.toThrow('already exists');
  });

  it('names a group that does not exist', async () => {
    await expect(check(`${gitlab.host}?owner=nobody&repo=x`)).rejects.toThrow(
      `The GitLab group "nobody" does not exist on ${gitlab.host}, or the portal's token cannot see it; nothing was created`,
    );
  });

  it('names a repository that already exists', async () => {
    await expect(
      check(`${gitlab.host}?owner=research&repo=taken`),
    ).rejects.toThrow(
      `The repository research/taken already exists on ${gitlab.host} (${gitlab.url}/research/taken): choose another name; nothing was created`,
    );
  });

  it('says the token was refused, without showing it', async () => {
    gitlab.state.refuseTokens = true;
    const error = await check(`${gitlab.host}?owner=research&repo=x`).catch(
      e => e as Error,
    );
    gitlab.state.refuseTokens = false;
    expect((error as Error).message).toBe(
      `GitLab at ${gitlab.url} refused the portal's token (401) while checking the token: check integrations.gitlab[].token for ${gitlab.host}; nothing was created`,
    );
    expect((error as Error).message).not.toContain(TOKEN);
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
      check(`${gitlab.host}?owner=../../other&repo=x`),
    ).rejects.toThrow(
      '"../../other" is not a GitLab group path; nothing was created',
    );
    await expect(
      check(`${gitlab.host}?owner=research&repo=a b`),
    ).rejects.toThrow(/is not a GitLab repository name/);
  });
});
