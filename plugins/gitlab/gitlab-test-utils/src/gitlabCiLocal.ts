import { promises as fs } from 'fs';
import path from 'path';
import type {
  GitlabStandinJobResult,
  GitlabStandinPipelineRunner,
} from './gitlabStandin';
import { run } from './run';

/** Options of {@link runGitlabCiLocal} and {@link gitlabCiLocalRunner}. */
export interface GitlabCiLocalOptions {
  /**
   * Variables every job gets (`--variable`), as the group's or instance's CI/CD variables would give
   * them: a package index (`PIP_FIND_LINKS`), for example. A project's own variables override them.
   */
  variables?: Record<string, string>;
  /** The environment the jobs' shell starts from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** What gitlab-ci-local left: each job's status and artifact files, and its whole log. */
export interface GitlabCiLocalResult {
  jobs: GitlabStandinJobResult[];
  log: string;
}

/** A job as `gitlab-ci-local --list-json` describes it. */
interface ListedJob {
  name: string;
  stage: string;
  when: string;
  allow_failure: boolean;
}

const gitlabCiLocal = () => require.resolve('gitlab-ci-local/dist/index.js');

async function filesUnder(
  dir: string,
  prefix = '',
): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const entries = await fs
    .readdir(dir, { withFileTypes: true })
    .catch(() => []);
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      Object.assign(out, await filesUnder(path.join(dir, e.name), rel));
    } else if (e.isFile()) {
      out[rel] = await fs.readFile(path.join(dir, e.name));
    }
  }
  return out;
}

/**
 * Runs a checkout's `.gitlab-ci.yml` with gitlab-ci-local, every job in this machine's shell
 * (`--force-shell-executor`: `image:` does not apply, so what the jobs call must be installed here), one
 * job at a time. The checkout must be a git clone whose `origin` is a GitLab-shaped URL and whose
 * `origin/HEAD` names the default branch, as a runner's checkout is. Jobs are answered as GitLab shows
 * them: passed, failed (or failed but allowed to), manual, skipped after an earlier stage failed; jobs
 * the rules leave out are not part of the pipeline. Artifacts are read from gitlab-ci-local's folder.
 */
export async function runGitlabCiLocal(
  checkout: string,
  options: GitlabCiLocalOptions = {},
): Promise<GitlabCiLocalResult> {
  const env = options.env ?? process.env;
  const listed = await run(
    process.execPath,
    [gitlabCiLocal(), '--list-json', '--no-color'],
    { cwd: checkout, env },
  );
  if (listed.code !== 0) {
    throw new Error(
      `gitlab-ci-local could not read ${checkout}/.gitlab-ci.yml: ${listed.stderr}`,
    );
  }
  const text = listed.stdout.toString();
  const jobsListed: ListedJob[] = JSON.parse(text.slice(text.indexOf('[')));
  const variables = Object.entries(options.variables ?? {}).flatMap(
    ([k, v]) => ['--variable', `${k}=${v}`],
  );
  const ran = await run(
    process.execPath,
    [
      gitlabCiLocal(),
      '--force-shell-executor',
      '--concurrency',
      '1',
      '--no-color',
      ...variables,
    ],
    { cwd: checkout, env },
  );
  const log = `${ran.stdout.toString()}\n${ran.stderr}`;
  // the summary: " PASS  lint", " FAIL  test", " WARN  docs  <why>" (failed, allowed to)
  const outcome = new Map<string, 'PASS' | 'FAIL' | 'WARN'>();
  for (const m of ran.stdout
    .toString()
    .matchAll(/^\s*(PASS|FAIL|WARN)\s+(\S+)/gm)) {
    outcome.set(m[2], m[1] as 'PASS' | 'FAIL' | 'WARN');
  }
  const stages = [...new Set(jobsListed.map(j => j.stage))];
  const failedStage = Math.min(
    ...jobsListed
      .filter(j => outcome.get(j.name) === 'FAIL')
      .map(j => stages.indexOf(j.stage)),
  );
  const jobs: GitlabStandinJobResult[] = [];
  for (const job of jobsListed) {
    const seen = outcome.get(job.name);
    const base = { name: job.name, stage: job.stage };
    if (seen) {
      jobs.push({
        ...base,
        status: seen === 'PASS' ? 'success' : 'failed',
        allowFailure: seen === 'WARN',
        artifacts: await filesUnder(
          path.join(checkout, '.gitlab-ci-local', 'artifacts', job.name),
        ),
      });
    } else if (job.when === 'manual') {
      jobs.push({ ...base, status: 'manual', allowFailure: true });
    } else if (stages.indexOf(job.stage) > failedStage) {
      jobs.push({ ...base, status: 'skipped' });
    }
  }
  // gitlab-ci-local exits non-zero when a job fails; a non-zero exit with no failed job is a crash
  // of the run itself (the jobs it did not reach would otherwise read as a passing pipeline)
  if (
    ran.code !== 0 &&
    !jobs.some(j => j.status === 'failed' && !j.allowFailure)
  ) {
    throw new Error(`gitlab-ci-local failed in ${checkout}:\n${log}`);
  }
  return { jobs, log };
}

/**
 * A pipeline runner for the GitLab stand-in that runs the pushed project's own `.gitlab-ci.yml` with
 * gitlab-ci-local, with the project's CI/CD variables over `options.variables`.
 */
export function gitlabCiLocalRunner(
  options: GitlabCiLocalOptions = {},
): GitlabStandinPipelineRunner {
  return async ({ checkout, variables }) =>
    (
      await runGitlabCiLocal(checkout, {
        ...options,
        variables: { ...options.variables, ...variables },
      })
    ).jobs;
}
