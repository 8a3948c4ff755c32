import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import {
  renderTemplate,
  repoRoot,
  TASKS,
} from './__testUtils__/renderTemplate';

/**
 * Each template's generated project runs its own `.gitlab-ci.yml` for real with gitlab-ci-local (the
 * jobs in this machine's shell; `image:` does not apply): lint, test, docs and the first training run
 * of the default branch, with the component library installed from a wheel built from components/
 * (pip's PIP_NO_INDEX and PIP_FIND_LINKS, as a runner would use its package registry). ClearML is
 * not configured, so training logs locally and leaves reports/baseline.json as its artifact.
 */
jest.setTimeout(600_000);

const run = promisify(execFile);
const python = '/usr/bin/python3';
const gitlabCiLocal = require.resolve('gitlab-ci-local/dist/index.js', {
  paths: [repoRoot],
});
let scratch: string;
let wheels: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'project-pipelines-'));
  wheels = path.join(scratch, 'wheels');
  // as the component library's own pipeline packages it (ci/components.gitlab-ci.yml), from a copy
  // so that pip's build folders stay out of the checkout
  const source = path.join(scratch, 'components');
  for (const part of ['pyproject.toml', 'README.md', 'mlops_components']) {
    await fs.cp(
      path.join(repoRoot, 'components', part),
      path.join(source, part),
      {
        recursive: true,
      },
    );
  }
  await run(
    python,
    [
      '-m',
      'pip',
      'wheel',
      '--quiet',
      '--no-deps',
      '--no-build-isolation',
      source,
      '-w',
      wheels,
    ],
    { cwd: scratch },
  );
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
      const result = await run(
        process.execPath,
        [
          gitlabCiLocal,
          '--force-shell-executor',
          '--concurrency',
          '1',
          '--variable',
          'PIP_NO_INDEX=1',
          '--variable',
          `PIP_FIND_LINKS=${wheels}`,
          '--variable',
          'TRAIN_BUDGET_SECONDS=8',
        ],
        {
          cwd: project,
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            // the jobs' python3 is Debian's, which holds the scientific stack, pytest, flake8, mkdocs
            PATH: `/usr/bin:${process.env.PATH}`,
            HOME: scratch,
          },
        },
      ).catch(e => {
        throw new Error(
          `the ${task} project's pipeline failed:\n${e.stdout}\n${e.stderr}`,
        );
      });
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`${task}: pipeline passed in ${seconds} s\n`);
      const log = result.stdout;
      for (const job of ['lint', 'test', 'docs', 'train']) {
        expect(log).toMatch(new RegExp(`PASS\\s+${job}\\s*$`, 'm'));
      }
      expect(log).not.toMatch(/FAIL/);

      // the training job's artifact, as the portal's pipeline card reads it
      const report = JSON.parse(
        await fs.readFile(
          path.join(
            project,
            '.gitlab-ci-local/artifacts/train/reports/baseline.json',
          ),
          'utf8',
        ),
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
