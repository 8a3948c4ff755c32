import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import {
  GitlabCiLocalOptions,
  runGitlabCiLocal,
} from '@mlops-portal/gitlab-test-utils';
import { componentPipelineOptions } from '@mlops-portal/portal-test-utils';
import { renderTemplate, TASKS } from './__testUtils__/renderTemplate';

/**
 * Each template's generated project runs its own `.gitlab-ci.yml` for real with gitlab-ci-local (the
 * jobs in this machine's shell; `image:` does not apply): lint, test, docs and the first training run
 * of the default branch, with the component library installed from a wheel built from components/
 * (pip's PIP_NO_INDEX and PIP_FIND_LINKS, as a runner would use its package registry). ClearML is
 * not configured, so training logs locally and leaves reports/baseline.json as its artifact. The same
 * runner runs the end-to-end journey's pipeline in the GitLab stand-in.
 */
jest.setTimeout(600_000);

const run = promisify(execFile);
let scratch: string;
let pipelineOptions: GitlabCiLocalOptions;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'project-pipelines-'));
  pipelineOptions = await componentPipelineOptions(scratch);
});

afterAll(async () => {
  if (scratch && !process.env.KEEP_PIPELINE_PROJECTS) {
    await fs.rm(scratch, { recursive: true, force: true });
  }
});

async function git(cwd: string, ...args: string[]) {
  await run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Portal',
      GIT_AUTHOR_EMAIL: 'portal@example.org',
      GIT_COMMITTER_NAME: 'Portal',
      GIT_COMMITTER_EMAIL: 'portal@example.org',
    },
  });
}

describe("the generated projects' pipelines", () => {
  it.each(TASKS)(
    '%s: every job of the default branch passes under gitlab-ci-local',
    async task => {
      const rendered = await renderTemplate(task, {
        name: 'sales-demand',
        description: 'Weekly demand per store, for the pipeline test.',
        owner: 'group:default/researchers',
        components: [
          `component:default/automl-${task.replace('-detection', '')}`,
        ],
        dataset: 'sample',
      });
      // a repository as publish:gitlab pushes it: the default branch, one commit, a remote
      const project = path.join(scratch, task);
      await fs.cp(rendered, project, { recursive: true });
      await git(project, 'init', '--quiet', '--initial-branch=main');
      await git(project, 'add', '--all');
      await git(project, 'commit', '--quiet', '-m', 'Create the project');
      await git(
        project,
        'remote',
        'add',
        'origin',
        'git@gitlab.example.org:ml/sales-demand.git',
      );
      // GitLab's default branch, as a clone records it
      await git(
        project,
        'symbolic-ref',
        'refs/remotes/origin/HEAD',
        'refs/remotes/origin/main',
      );
      await git(project, 'config', 'user.email', 'portal@example.org');
      await git(project, 'config', 'user.name', 'Portal');

      const started = Date.now();
      const { jobs, log } = await runGitlabCiLocal(project, {
        ...pipelineOptions,
        variables: {
          ...pipelineOptions.variables,
          TRAIN_BUDGET_SECONDS: '8',
        },
      });
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`${task}: pipeline ran in ${seconds} s\n`);
      const byName = Object.fromEntries(jobs.map(j => [j.name, j]));
      for (const job of ['lint', 'test', 'docs', 'train']) {
        if (byName[job]?.status !== 'success') {
          throw new Error(
            `the ${task} project's job ${job} did not pass:\n${log}`,
          );
        }
      }
      expect(jobs.filter(j => j.status === 'failed')).toEqual([]);

      // the training job's artifact, as the portal's pipeline card reads it
      const report = JSON.parse(
        String(byName.train.artifacts?.['reports/baseline.json']),
      );
      expect(report).toMatchObject({
        task,
        metric:
          { forecasting: 'mase', classification: 'accuracy' }[task] ??
          'nab_raw',
        higher_is_better: task !== 'forecasting',
        dataset_url: null,
        run_url: null,
      });
      expect(typeof report.score).toBe('number');
      expect(report.dataset_version).toMatch(/^[0-9a-f]{16}$/);
      expect(report.leaderboard.length).toBeGreaterThan(0);
    },
  );
});
