import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, Page } from '@playwright/test';
import { signIn } from './signIn';

// The portal runs against the GitLab stand-in (GitLab's REST calls, whose repositories a real
// `git http-backend` serves) and the ClearML API stand-in, both started by e2e/global-setup.ts.
const gitlabHost = process.env.PORTAL_E2E_GITLAB_HOST!;
const gitlabGroup = process.env.PORTAL_E2E_GITLAB_GROUP!;
const gitlabRepos = process.env.PORTAL_E2E_GITLAB_REPOS!;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Researcher',
      GIT_AUTHOR_EMAIL: 'researcher@example.com',
      GIT_COMMITTER_NAME: 'Researcher',
      GIT_COMMITTER_EMAIL: 'researcher@example.com',
    },
  });

async function token(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const session = await fetch('/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    }).then(r => r.json());
    return session.backstageIdentity.token as string;
  });
}

/**
 * Puts the project back to what the forecasting template 1.0.0 wrote: the one project file 1.0.0 and
 * 1.1.0 render differently (docs/index.md names the version), the version in catalog-info.yaml, and
 * the version and that file's fingerprint in .portal/answers.json (1.1.0's changelog). Pushed to the
 * stand-in's repository as a commit on main.
 */
function rewindToVersion100(bareRepo: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-rewind-'));
  git(work, 'clone', '--quiet', bareRepo, '.');
  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(work, file);
    const before = fs.readFileSync(full, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    fs.writeFileSync(full, after);
    return after;
  };
  const docs = edit('docs/index.md', t =>
    t.replace('(version 1.1.0)', '(version 1.0.0)'),
  );
  edit('catalog-info.yaml', t =>
    t.replace(
      'mlops-portal.io/template-version: 1.1.0',
      'mlops-portal.io/template-version: 1.0.0',
    ),
  );
  edit('.portal/answers.json', t => {
    const answers = JSON.parse(t);
    answers.version = '1.0.0';
    answers.values.templateVersion = '1.0.0';
    answers.files['docs/index.md'] = createHash('sha256')
      .update(docs)
      .digest('hex');
    return `${JSON.stringify(answers, null, 2)}\n`;
  });
  git(work, 'commit', '--quiet', '-am', 'As the template 1.0.0 wrote it');
  git(work, 'push', '--quiet', 'origin', 'main');
  fs.rmSync(work, { recursive: true, force: true });
}

test('a project created from template version 1.0.0 appears as behind after the template moves to 1.1.0, and Update project opens a merge request whose diff is the template’s change', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const name = `e2e-upgrade-${Date.now().toString(36)}`;
  const entityRef = `component:default/${name}`;
  await signIn(page);
  const headers = { Authorization: `Bearer ${await token(page)}` };

  // a forecasting project, created through the Scaffolder's API as the wizard would
  const created = await page.request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: {
      templateRef: 'template:default/forecasting-project',
      values: {
        name,
        description: 'Created by the template upgrades end-to-end test',
        owner: 'group:default/researchers',
        components: ['component:default/automl-forecasting'],
        dataset: 'sample',
        targetColumn: 'Passengers',
        frequency: 'MS',
        horizon: 12,
        budgetMinutes: 1,
        repoUrl: `${gitlabHost}?owner=${gitlabGroup}&repo=${name}`,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  await expect(async () => {
    const task = await (
      await page.request.get(`/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    expect(task.status).not.toBe('failed');
    expect(task.status).toBe('completed');
  }).toPass({ timeout: 240_000, intervals: [2_000] });

  // the project as version 1.0.0 left it, then the catalog reads it again
  const bareRepo = path.join(gitlabRepos, gitlabGroup, `${name}.git`);
  rewindToVersion100(bareRepo);
  await expect(async () => {
    const refresh = await page.request.post('/api/catalog/refresh', {
      headers,
      data: { entityRef },
    });
    expect(refresh.status()).toBe(200);
    const entity = await (
      await page.request.get(
        `/api/catalog/entities/by-name/component/default/${name}`,
        { headers },
      )
    ).json();
    expect(
      entity.metadata.annotations['mlops-portal.io/template-version'],
    ).toBe('1.0.0');
  }).toPass({ timeout: 120_000, intervals: [3_000] });

  // Template upgrades lists it as behind, with what changed
  await page.getByRole('link', { name: 'Template upgrades' }).first().click();
  await expect(page).toHaveURL(/\/template-upgrades$/);
  const row = page.getByRole('row', { name });
  await expect(row).toContainText('1.0.0 → 1.1.0');
  await expect(row).toContainText(
    "1.1.0: Records the wizard's answers in .portal/answers.json",
  );
  await expect(row).toContainText(
    'Files that change: .portal/answers.json, docs/index.md',
  );

  // Update project → the task opens a merge request
  await row.getByRole('button', { name: `Update project ${name}` }).click();
  await page
    .getByRole('link', { name: 'Update started: see its merge request' })
    .click();
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  await expect(page.getByRole('link', { name: 'Merge request' })).toBeVisible({
    timeout: 180_000,
  });

  // its diff on the stand-in is the template's change, and main is untouched
  const branch = 'portal/update-forecasting-project-1.1.0';
  const range = `main...${branch}`;
  expect(
    git(bareRepo, 'diff', '--name-only', range).trim().split('\n').sort(),
  ).toEqual(['.portal/answers.json', 'catalog-info.yaml', 'docs/index.md']);
  const docsDiff = git(bareRepo, 'diff', range, '--', 'docs/index.md');
  expect(docsDiff).toContain('-`forecasting-project` (version 1.0.0)');
  expect(docsDiff).toContain('+`forecasting-project` (version 1.1.0)');
  expect(git(bareRepo, 'show', 'main:catalog-info.yaml')).toContain(
    'mlops-portal.io/template-version: 1.0.0',
  );
});
