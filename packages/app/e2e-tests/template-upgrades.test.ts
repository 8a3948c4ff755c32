import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, Page } from '@playwright/test';
import { parse } from 'yaml';
import { signIn } from './signIn';

// The portal runs against the GitLab stand-in (GitLab's REST calls, whose repositories a real
// `git http-backend` serves) and the ClearML API stand-in, both started by e2e/global-setup.ts.
const gitlabHost = process.env.PORTAL_E2E_GITLAB_HOST!;
const gitlabUrl = process.env.PORTAL_E2E_GITLAB_URL!;
const gitlabToken = process.env.PORTAL_E2E_GITLAB_TOKEN!;
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
 * The copy of templates/ that e2e/global-setup.ts registers in place of the shipped one: this test
 * moves its forecasting template from one version to the next while the portal runs.
 */
const templatesDir = process.env.PORTAL_E2E_TEMPLATES!;
const CREATE_TEMPLATE = 'forecasting.yaml';
const UPDATE_TEMPLATE = 'update-project.yaml';
const CHANGED_FILE = 'skeleton/README.md';

interface ChangelogEntry {
  version: string;
  changes: string[];
  files: string[];
}

function templateFile(file: string) {
  return path.join(templatesDir, file);
}

/**
 * Gives the forecasting template and the update template of the copy this version and the
 * forecasting template this changelog, where templates/generate.js writes them: the
 * `mlops-portal.io/template-version` annotation, every step's `templateVersion`, the commit messages,
 * and the `mlops-portal.io/template-changelog` annotation.
 */
function setTemplateVersion(version: string, changelog: ChangelogEntry[]) {
  for (const file of [CREATE_TEMPLATE, UPDATE_TEMPLATE]) {
    const before = fs.readFileSync(templateFile(file), 'utf8');
    let after = before
      .replace(
        /((?:templateVersion|mlops-portal\.io\/template-version): )\d+\.\d+\.\d+/g,
        `$1${version}`,
      )
      .replace(/(template )\d+\.\d+\.\d+(?= \[skip ci\]|$)/gm, `$1${version}`);
    if (file === CREATE_TEMPLATE) {
      after = after.replace(
        /^(\s+mlops-portal\.io\/template-changelog: ).*$/m,
        // a JSON string is a valid YAML double-quoted scalar
        (_, key) => `${key}${JSON.stringify(JSON.stringify(changelog))}`,
      );
    }
    expect(after, `${file} names its version`).toMatch(
      `template-version: ${version}`,
    );
    fs.writeFileSync(templateFile(file), after);
  }
}

/** The changelog the copy's forecasting template carries. */
function changelogOfCopy(): ChangelogEntry[] {
  const text = fs.readFileSync(templateFile(CREATE_TEMPLATE), 'utf8');
  const annotations = parse(text).metadata.annotations;
  return JSON.parse(annotations['mlops-portal.io/template-changelog']);
}

/** The template version the catalog holds on the entity `<kind>:default/<name>`. */
async function templateVersionInCatalog(
  page: Page,
  headers: Record<string, string>,
  kind: string,
  name: string,
): Promise<string | undefined> {
  const entity = await (
    await page.request.get(
      `/api/catalog/entities/by-name/${kind}/default/${name}`,
      { headers },
    )
  ).json();
  return entity.metadata.annotations['mlops-portal.io/template-version'];
}

/** Asks the catalog to read both templates again and waits until it shows them at `version`. */
async function refreshTemplates(
  page: Page,
  headers: Record<string, string>,
  version: string,
) {
  await expect(async () => {
    for (const name of ['forecasting-project', 'update-project']) {
      const refresh = await page.request.post('/api/catalog/refresh', {
        headers,
        data: { entityRef: `template:default/${name}` },
      });
      expect(refresh.status()).toBe(200);
      expect(
        await templateVersionInCatalog(page, headers, 'template', name),
      ).toBe(version);
    }
  }).toPass({ timeout: 120_000, intervals: [3_000] });
}

/** A diff's changed lines: `+line` and `-line`, without the file headers and hunk lines. */
function changedLines(diff: string) {
  return diff
    .split('\n')
    .filter(l => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}

/** The copy's files the test changes, as they were before it. */
let originals: Map<string, string> | undefined;

// The copy back as shipped, for the tests that run after this one, whether this one passed or not.
test.afterEach(async ({ page }) => {
  if (!originals) return;
  for (const [file, text] of originals) {
    fs.writeFileSync(templateFile(file), text);
  }
  const headers = { Authorization: `Bearer ${await token(page)}` };
  const shipped = parse(originals.get(CREATE_TEMPLATE)!).metadata.annotations[
    'mlops-portal.io/template-version'
  ] as string;
  await refreshTemplates(page, headers, shipped);
});

test('a project created from template version 1.0.0 appears as behind after the template moves to 1.1.0, and Update project opens a merge request whose diff is the template’s change', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const name = `e2e-upgrade-${Date.now().toString(36)}`;
  await signIn(page);
  const headers = { Authorization: `Bearer ${await token(page)}` };
  originals = new Map(
    [CREATE_TEMPLATE, UPDATE_TEMPLATE, CHANGED_FILE].map(f => [
      f,
      fs.readFileSync(templateFile(f), 'utf8'),
    ]),
  );
  const firstVersion = changelogOfCopy().find(e => e.version === '1.0.0')!;
  expect(firstVersion).toBeDefined();

  // The template at 1.0.0: what the copy renders, with only its first changelog entry.
  setTemplateVersion('1.0.0', [firstVersion]);
  await refreshTemplates(page, headers, '1.0.0');

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
  const bareRepo = path.join(gitlabRepos, gitlabGroup, `${name}.git`);
  expect(git(bareRepo, 'show', 'main:docs/index.md')).toContain(
    '`forecasting-project` (version 1.0.0)',
  );
  await expect(async () => {
    expect(
      await templateVersionInCatalog(page, headers, 'component', name),
    ).toBe('1.0.0');
  }).toPass({ timeout: 120_000, intervals: [3_000] });

  // The template moves to 1.1.0: a new section in the project's README, and the version.
  const addedSection = [
    '',
    '## Getting help',
    '',
    "Ask in the team's #mlops channel; the portal's Template upgrades page lists what changed since your project was created.",
  ];
  fs.appendFileSync(templateFile(CHANGED_FILE), `${addedSection.join('\n')}\n`);
  const change = 'The README says where to get help';
  setTemplateVersion('1.1.0', [
    {
      version: '1.1.0',
      changes: [change],
      files: ['README.md', 'docs/index.md'],
    },
    firstVersion,
  ]);
  await refreshTemplates(page, headers, '1.1.0');

  // Template upgrades lists the project as behind, with what changed
  await page.getByRole('link', { name: 'Template upgrades' }).first().click();
  await expect(page).toHaveURL(/\/template-upgrades$/);
  const row = page.getByRole('row', { name });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('1.0.0 → 1.1.0', { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(row).toContainText(`1.1.0: ${change}`);
  await expect(row).toContainText(
    'Files that change: README.md, docs/index.md',
  );

  // Update project → the task opens a merge request
  await row.getByRole('button', { name: `Update project ${name}` }).click();
  await page
    .getByRole('link', { name: 'Update started: see its merge request' })
    .click();
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  const link = page.getByRole('link', { name: 'Merge request' });
  await expect(link).toBeVisible({ timeout: 180_000 });
  const mergeRequestUrl = (await link.getAttribute('href'))!;
  expect(mergeRequestUrl).toMatch(`/${gitlabGroup}/${name}/-/merge_requests/`);
  const iid = mergeRequestUrl.split('/').pop();

  // The merge request's diff, as GitLab's API answers it: the template's change, and with it the
  // version the project records.
  const diffs: { new_path: string; new_file: boolean; diff: string }[] = await (
    await fetch(
      `${gitlabUrl}/api/v4/projects/${encodeURIComponent(
        `${gitlabGroup}/${name}`,
      )}/merge_requests/${iid}/diffs`,
      { headers: { 'PRIVATE-TOKEN': gitlabToken } },
    )
  ).json();
  const diffOf = (file: string) =>
    changedLines(diffs.find(d => d.new_path === file)!.diff);
  expect(diffs.map(d => d.new_path).sort()).toEqual([
    '.portal/answers.json',
    'README.md',
    'catalog-info.yaml',
    'docs/index.md',
  ]);
  expect(diffs.every(d => !d.new_file)).toBe(true);
  expect(diffOf('README.md')).toEqual(addedSection.map(l => `+${l}`));
  expect(diffOf('docs/index.md')).toEqual([
    expect.stringMatching(/^-.*`forecasting-project` \(version 1\.0\.0\)/),
    expect.stringMatching(/^\+.*`forecasting-project` \(version 1\.1\.0\)/),
  ]);
  expect(diffOf('catalog-info.yaml')).toEqual([
    '-    mlops-portal.io/template-version: 1.0.0',
    '+    mlops-portal.io/template-version: 1.1.0',
  ]);
  // the recorded answers: the new version, and the new fingerprints of exactly the changed files
  const answersAt = (ref: string) =>
    JSON.parse(git(bareRepo, 'show', `${ref}:.portal/answers.json`));
  const before = answersAt('main');
  const after = answersAt(`portal/update-forecasting-project-1.1.0`);
  expect([before.version, after.version]).toEqual(['1.0.0', '1.1.0']);
  expect(
    Object.keys(after.files)
      .filter(f => after.files[f] !== before.files[f])
      .sort(),
  ).toEqual(['README.md', 'docs/index.md']);
  // and the default branch is untouched
  expect(git(bareRepo, 'show', 'main:catalog-info.yaml')).toContain(
    'mlops-portal.io/template-version: 1.0.0',
  );
  expect(git(bareRepo, 'show', 'main:README.md')).not.toContain(
    '## Getting help',
  );
});
