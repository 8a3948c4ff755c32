/*
 * THREATS 27, git option and config injection: the repository location comes from the wizard, and
 * git (upstream publish:gitlab, then mlops:gitlabRepo:push) would later see its parts. Values shaped
 * as git options (`--upload-pack=…`, `-c core.sshCommand=…`), git's `ext::` transport, or a newline that
 * starts a new git config section are refused by mlops:gitlabRepo:check, the templates' first GitLab
 * step, with a sentence, before GitLab is asked and before anything is created.
 */
import { readdirSync } from 'fs';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { gitlabActionStandin } from '../__testUtils__/gitlabActionStandin';
import { createGitlabRepoCheckAction } from './gitlabRepoCheck';

const TOKEN = 'fake-gitlab-token-injection-0123456789';

describe('mlops:gitlabRepo:check and git injection', () => {
  const standin = gitlabActionStandin(TOKEN, integrations =>
    createGitlabRepoCheckAction({ integrations }),
  );

  const check = (repoUrl: string) =>
    standin.action.handler(mockActionContext({ repoUrl }).ctx);
  const q = (owner: string, repo: string) =>
    `${standin.gitlab.host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`;

  it.each([
    ['--upload-pack=touch /tmp/pwned', 'x'],
    ['-c core.sshCommand=touch /tmp/pwned', 'x'],
    ['research\n[core]\n\tsshCommand=touch /tmp/pwned', 'x'],
    ['ext::sh -c touch% /tmp/pwned', 'x'],
  ])('refuses the group %j, naming it', async owner => {
    await expect(check(q(owner, 'x'))).rejects.toThrow(
      `"${owner}" is not a GitLab group path; nothing was created`,
    );
  });

  it.each([
    '--upload-pack=touch /tmp/pwned',
    '-oProxyCommand=touch /tmp/pwned',
    'x\n[core]\n\tsshCommand=touch /tmp/pwned',
    'ext::sh -c touch% /tmp/pwned',
    'x.git --config=core.hooksPath=/tmp',
  ])('refuses the repository name %j, naming it', async repo => {
    await expect(check(q('research', repo))).rejects.toThrow(
      `"${repo}" is not a GitLab repository name: use letters, digits, "_", "-" and "."; nothing was created`,
    );
  });

  it('refuses git’s ext:: transport as the host, before sending the token anywhere', async () => {
    await expect(
      check('ext::sh -c touch% /tmp/pwned?owner=research&repo=x'),
    ).rejects.toThrow(/is not a repository location/);
  });

  it('created nothing for any of them', () => {
    expect(standin.gitlab.projects).toEqual([]);
    expect(readdirSync(standin.gitlab.reposRoot)).toEqual([]);
  });
});
