import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitlabStandin,
  run,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { writeFileSync } from 'fs';
import path from 'path';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createGitlabRepoPushAction } from './gitlabRepoPush';

const TOKEN = 'fake-gitlab-token-push-0123456789';

describe('mlops:gitlabRepo:push', () => {
  let gitlab: GitlabStandin;
  let action: ReturnType<typeof createGitlabRepoPushAction>;
  beforeAll(async () => {
    gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
    const config = new ConfigReader({
      integrations: {
        gitlab: [gitlab.integrationConfig(TOKEN)],
      },
      scaffolder: {
        defaultAuthor: { name: 'MLOps Portal', email: 'portal@example.com' },
      },
    });
    action = createGitlabRepoPushAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    });
  });
  afterAll(() => gitlab.close());

  /** The subjects of the commits on main, newest first. */
  const commits = async (repo: string) => {
    const log = await run('git', ['log', '--format=%an %s', 'main'], {
      cwd: path.join(gitlab.reposRoot, 'research', `${repo}.git`),
    });
    return log.code === 0 ? `${log.stdout}`.trim().split('\n') : [];
  };
  const push = async (repo: string, files: Record<string, string>) => {
    const context = mockActionContext({
      repoUrl: `${gitlab.host}?owner=research&repo=${repo}`,
      defaultBranch: 'main',
      gitCommitMessage: 'Create the project',
    });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(path.join(context.workspacePath, file), text);
    }
    await action.handler(context.ctx);
    return context;
  };

  it('pushes the workspace into a repository a cut run left empty, once', async () => {
    await gitlab.addProject('research', 'left-empty');
    const { outputs, workspacePath } = await push('left-empty', {
      'README.md': '# left-empty\n',
    });
    expect(outputs.pushed).toBe(true);
    expect(await commits('left-empty')).toEqual([
      'MLOps Portal Create the project',
    ]);
    const shown = await run('git', ['show', 'main:README.md'], {
      cwd: path.join(gitlab.reposRoot, 'research', 'left-empty.git'),
    });
    expect(`${shown.stdout}`).toBe('# left-empty\n');

    // the same workspace again (a second retry, its .git from the first push): nothing more
    const again = mockActionContext({
      repoUrl: `${gitlab.host}?owner=research&repo=left-empty`,
      defaultBranch: 'main',
      gitCommitMessage: 'Create the project',
    });
    writeFileSync(path.join(again.workspacePath, 'README.md'), 'changed\n');
    await action.handler(again.ctx);
    expect(again.outputs.pushed).toBe(false);
    expect(await commits('left-empty')).toHaveLength(1);
    expect(workspacePath).toBeTruthy();
  });

  it('leaves a repository that holds its default branch as it is', async () => {
    await gitlab.addProject('research', 'published');
    await gitlab.commitFiles('research', 'published', { 'README.md': 'x\n' });
    const { outputs } = await push('published', { 'other.txt': 'y\n' });
    expect(outputs.pushed).toBe(false);
    expect(await commits('published')).toEqual(['Stand-in A change']);
  });

  it('says so when the repository is gone', async () => {
    await expect(push('never-made', {})).rejects.toThrow(
      `The repository research/never-made is not on ${gitlab.host}, although the publish step found or created it: retry the task`,
    );
  });

  it('reads and pushes nothing in a dry run', async () => {
    const context = mockActionContext(
      {
        repoUrl: `${gitlab.host}?owner=research&repo=dry`,
        gitCommitMessage: 'Create the project',
      },
      { isDryRun: true },
    );
    await action.handler(context.ctx);
    expect(context.outputs.pushed).toBe(false);
    expect(gitlab.projects.map(p => p.path)).not.toContain('dry');
  });
});
