import { ConfigReader } from '@backstage/config';
import { run } from '@mlops-portal/gitlab-test-utils';
import { writeFileSync } from 'fs';
import path from 'path';
import { gitlabActionStandin } from '../__testUtils__/gitlabActionStandin';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createGitlabRepoPushAction } from './gitlabRepoPush';

const TOKEN = 'fake-gitlab-token-push-0123456789';

describe('mlops:gitlabRepo:push', () => {
  const standin = gitlabActionStandin(TOKEN, integrations =>
    createGitlabRepoPushAction({
      integrations,
      config: new ConfigReader({
        scaffolder: {
          defaultAuthor: { name: 'MLOps Portal', email: 'portal@example.com' },
        },
      }),
    }),
  );

  /** The subjects of the commits on main, newest first. */
  const commits = async (repo: string) => {
    const log = await run('git', ['log', '--format=%an %s', 'main'], {
      cwd: path.join(standin.gitlab.reposRoot, 'research', `${repo}.git`),
    });
    return log.code === 0 ? `${log.stdout}`.trim().split('\n') : [];
  };
  const push = async (repo: string, files: Record<string, string>) => {
    const context = mockActionContext({
      repoUrl: `${standin.gitlab.host}?owner=research&repo=${repo}`,
      defaultBranch: 'main',
      gitCommitMessage: 'Create the project',
    });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(path.join(context.workspacePath, file), text);
    }
    await standin.action.handler(context.ctx);
    return context;
  };

  it('pushes the workspace into a repository a cut run left empty, once', async () => {
    await standin.gitlab.addProject('research', 'left-empty');
    const { outputs, workspacePath } = await push('left-empty', {
      'README.md': '# left-empty\n',
    });
    expect(outputs.pushed).toBe(true);
    expect(await commits('left-empty')).toEqual([
      'MLOps Portal Create the project',
    ]);
    const shown = await run('git', ['show', 'main:README.md'], {
      cwd: path.join(standin.gitlab.reposRoot, 'research', 'left-empty.git'),
    });
    expect(`${shown.stdout}`).toBe('# left-empty\n');

    // the same workspace again (a second retry, its .git from the first push): nothing more
    const again = mockActionContext({
      repoUrl: `${standin.gitlab.host}?owner=research&repo=left-empty`,
      defaultBranch: 'main',
      gitCommitMessage: 'Create the project',
    });
    writeFileSync(path.join(again.workspacePath, 'README.md'), 'changed\n');
    await standin.action.handler(again.ctx);
    expect(again.outputs.pushed).toBe(false);
    expect(await commits('left-empty')).toHaveLength(1);
    expect(workspacePath).toBeTruthy();
  });

  it('leaves a repository that holds its default branch as it is', async () => {
    await standin.gitlab.addProject('research', 'published');
    await standin.gitlab.commitFiles('research', 'published', {
      'README.md': 'x\n',
    });
    const { outputs } = await push('published', { 'other.txt': 'y\n' });
    expect(outputs.pushed).toBe(false);
    expect(await commits('published')).toEqual(['Stand-in A change']);
  });

  it('says so when the repository is gone', async () => {
    await expect(push('never-made', {})).rejects.toThrow(
      `The repository research/never-made is not on ${standin.gitlab.host}, although the publish step found or created it: retry the task`,
    );
  });

  it('reads and pushes nothing in a dry run', async () => {
    const context = mockActionContext(
      {
        repoUrl: `${standin.gitlab.host}?owner=research&repo=dry`,
        gitCommitMessage: 'Create the project',
      },
      { isDryRun: true },
    );
    await standin.action.handler(context.ctx);
    expect(context.outputs.pushed).toBe(false);
    expect(standin.gitlab.projects.map(p => p.path)).not.toContain('dry');
  });
});
