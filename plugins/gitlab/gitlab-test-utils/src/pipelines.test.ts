import { mkdtempSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { gitlabCiLocalRunner } from './gitlabCiLocal';
import { GitlabStandin, run, startGitlabStandin } from './gitlabStandin';

/*
 * The pipelines GitLab starts, as the stand-in starts them: a push of a commit with a .gitlab-ci.yml
 * starts one unless its message says [skip ci]; the runner runs the project's own .gitlab-ci.yml with
 * gitlab-ci-local and the API answers its jobs, statuses and artifacts as GitLab does.
 */
jest.setTimeout(180_000);

const TOKEN = 'fake-gitlab-token-pipelines-0123456789';
const CI = `stages: [test, train]
variables:
  GREETING: "from the file"
test:
  stage: test
  script:
    - test "$MLOPS_HORIZON" = 12
lint:
  stage: test
  script: [exit 3]
  allow_failure: true
train:
  stage: train
  script:
    - mkdir -p reports
    - 'printf "{\\"greeting\\": \\"%s\\", \\"index\\": \\"%s\\"}" "$GREETING" "$PIP_FIND_LINKS" > reports/baseline.json'
  artifacts:
    paths: [reports/baseline.json]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
train:large:
  stage: train
  script: [echo large]
  rules:
    - when: manual
`;

let gitlab: GitlabStandin;
const api = (p: string) =>
  fetch(`${gitlab.url}/api/v4${p}`, { headers: { 'PRIVATE-TOKEN': TOKEN } });

beforeAll(async () => {
  gitlab = await startGitlabStandin({
    token: TOKEN,
    groups: ['research'],
    runPipeline: gitlabCiLocalRunner({
      variables: { PIP_FIND_LINKS: '/srv/wheels', MLOPS_HORIZON: '1' },
    }),
  });
});
afterAll(async () => {
  await gitlab?.close();
});

/** Creates the project and pushes one commit over smart HTTP, as publish:gitlab does. */
async function push(
  repo: string,
  message: string,
  files: Record<string, string>,
) {
  const created = await fetch(`${gitlab.url}/api/v4/projects`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ path: repo, namespace_id: 100 }),
  });
  const project = await created.json();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'push-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text);
  }
  const remote = `http://oauth2:${TOKEN}@${gitlab.host}/research/${repo}.git`;
  for (const args of [
    ['init', '--quiet', '-b', 'main'],
    ['add', '.'],
    ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message],
    ['push', '--quiet', remote, 'main'],
  ]) {
    const done = await run('git', args, { cwd: dir });
    if (done.code !== 0) throw new Error(done.stderr);
  }
  return project.id as number;
}

describe('pipelines of a push', () => {
  it('a push whose message says [skip ci] starts none', async () => {
    const id = await push('quiet', 'Create the project [skip ci]', {
      '.gitlab-ci.yml': CI,
    });
    expect(await (await api(`/projects/${id}/pipelines`)).json()).toEqual([]);
  });

  it('a push without .gitlab-ci.yml starts none', async () => {
    const id = await push('plain', 'Add a readme', { 'README.md': '# x\n' });
    expect(await (await api(`/projects/${id}/pipelines`)).json()).toEqual([]);
  });

  it("a push starts a pipeline that runs the project's .gitlab-ci.yml, with the project's variables over the runner's", async () => {
    const id = await push('busy', 'Create the project', {
      '.gitlab-ci.yml': CI,
    });
    // the push's pipeline runs before the project has its variables (the runner's horizon is 1)
    const listed = await (await api(`/projects/${id}/pipelines`)).json();
    expect(listed).toEqual([
      expect.objectContaining({
        ref: 'main',
        source: 'push',
        status: 'running',
      }),
    ]);
    await gitlab.idle();
    const first = await (
      await api(`/projects/${id}/pipelines/${listed[0].id}`)
    ).json();
    expect(first.status).toBe('failed');
    const firstJobs = await (
      await api(`/projects/${id}/pipelines/${first.id}/jobs`)
    ).json();
    expect(firstJobs.map((j: any) => [j.name, j.status])).toEqual([
      ['test', 'failed'],
      ['lint', 'failed'],
      ['train', 'skipped'],
      ['train:large', 'manual'],
    ]);

    await fetch(`${gitlab.url}/api/v4/projects/${id}/variables`, {
      method: 'POST',
      headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'MLOPS_HORIZON', value: '12' }),
    });
    const started = await fetch(
      `${gitlab.url}/api/v4/projects/${id}/pipeline?ref=main`,
      { method: 'POST', headers: { 'PRIVATE-TOKEN': TOKEN } },
    );
    const second = await started.json();
    expect(second).toMatchObject({ source: 'api', status: 'running' });
    await gitlab.idle();
    expect(
      (await (await api(`/projects/${id}/pipelines/${second.id}`)).json())
        .status,
    ).toBe('success');
    const jobs = await (
      await api(`/projects/${id}/pipelines/${second.id}/jobs`)
    ).json();
    expect(
      jobs.map((j: any) => [j.name, j.stage, j.status, j.allow_failure]),
    ).toEqual([
      ['test', 'test', 'success', false],
      ['lint', 'test', 'failed', true],
      ['train', 'train', 'success', false],
      ['train:large', 'train', 'manual', true],
    ]);
    const train = jobs.find((j: any) => j.name === 'train');
    const report = await api(
      `/projects/${id}/jobs/${train.id}/artifacts/reports/baseline.json`,
    );
    expect(await report.json()).toEqual({
      greeting: 'from the file',
      index: '/srv/wheels',
    });
  });
});
