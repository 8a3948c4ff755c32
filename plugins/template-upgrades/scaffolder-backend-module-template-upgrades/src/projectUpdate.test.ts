import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishGitlabMergeRequestAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  GitlabStandin,
  run,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  ANSWERS_PATH,
  TEMPLATE_CHANGELOG_ANNOTATION,
} from '@mlops-portal/plugin-template-upgrades-common';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { createProjectAnswersWriteAction } from './actions/projectAnswersWrite';
import { createProjectUpdatePlanAction } from './actions/projectUpdatePlan';
import { createProjectUpdateReadAction } from './actions/projectUpdateRead';

jest.setTimeout(60_000);

const TOKEN = 'fake-gitlab-token-upgrades-0123456789';

/** An action context on a real temporary workspace, started by a signed-in researcher. */
function context(input: JsonObject, workspacePath?: string) {
  const outputs: Record<string, JsonValue> = {};
  const ws = workspacePath ?? mkdtempSync(path.join(os.tmpdir(), 'upgrade-'));
  const ctx = {
    input,
    logger: mockServices.logger.mock(),
    workspacePath: ws,
    output: (name: string, value: JsonValue) => (outputs[name] = value),
    checkpoint: async (o: { fn: () => unknown }) => o.fn(),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/researcher'),
    createTemporaryDirectory: async () =>
      mkdtempSync(path.join(os.tmpdir(), 'upgrade-tmp-')),
  } as unknown as ActionContext<JsonObject, JsonObject> as never;
  return { ctx, outputs, workspacePath: ws };
}

const writeTree = (root: string, files: Record<string, string>) => {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
};

/** What the 1.0.0 template wrote, and what 1.1.0 writes with the same values. */
const RENDERED_1_0 = {
  'README.md': '# sales\nversion 1.0.0\n',
  Makefile: 'test:\n\tpytest\n',
  'sales/config.py': 'HORIZON = 12\n',
};
const RENDERED_1_1 = {
  'README.md': '# sales\nversion 1.1.0\n',
  Makefile: 'test:\n\tpytest -q\n',
  'sales/config.py': 'HORIZON = 12\n',
  '.gitignore': 'mlops-runs/\n',
};
const CATALOG_INFO = [
  '# kept: the researcher’s comment',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Component',
  'metadata:',
  '  name: sales',
  '  annotations:',
  `    ${TEMPLATE_ANNOTATION}: template:default/forecasting-project`,
  `    ${TEMPLATE_VERSION_ANNOTATION}: 1.0.0`,
  'spec:',
  '  type: ml-project',
  '',
].join('\n');

describe('updating a project to its template’s current version', () => {
  let gitlab: GitlabStandin;
  let integrations: ScmIntegrations;
  const entities = (version: string): Entity[] => [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'sales',
        namespace: 'default',
        annotations: {
          [TEMPLATE_ANNOTATION]: 'template:default/forecasting-project',
          [TEMPLATE_VERSION_ANNOTATION]: version,
          'backstage.io/managed-by-location': `url:${gitlab.url}/research/sales/-/blob/main/catalog-info.yaml`,
        },
      },
      spec: { type: 'ml-project', owner: 'group:default/team-a' },
    },
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'forecasting-project',
        namespace: 'default',
        annotations: {
          [TEMPLATE_VERSION_ANNOTATION]: '1.1.0',
          [TEMPLATE_CHANGELOG_ANNOTATION]: JSON.stringify([
            {
              version: '1.1.0',
              changes: ['Quieter tests', 'Ignores local runs'],
              files: ['Makefile', '.gitignore', 'README.md'],
            },
            { version: '1.0.0', changes: ['First version'], files: [] },
          ]),
        },
      },
      spec: { type: 'ml-project' },
    },
  ];

  beforeAll(async () => {
    gitlab = await startGitlabStandin({ token: TOKEN, groups: ['research'] });
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          gitlab: [gitlab.integrationConfig(TOKEN)],
        },
      }),
    );
    // the project as "Create project" left it: 1.0.0's files and their recorded hashes
    const created = context({
      templateName: 'forecasting-project',
      templateVersion: '1.0.0',
      values: { name: 'sales', task: 'forecasting', templateVersion: '1.0.0' },
    });
    writeTree(created.workspacePath, {
      ...RENDERED_1_0,
      'catalog-info.yaml': CATALOG_INFO,
    });
    await createProjectAnswersWriteAction().handler(created.ctx);
    await gitlab.addProject('research', 'sales');
    await gitlab.commitFiles('research', 'sales', {
      ...RENDERED_1_0,
      'catalog-info.yaml': CATALOG_INFO,
      [ANSWERS_PATH]: readFileSync(
        path.join(created.workspacePath, ANSWERS_PATH),
        'utf8',
      ),
    });
    // since then the researcher changed the Makefile
    await gitlab.commitFiles('research', 'sales', {
      Makefile: 'test:\n\tpytest --maxfail=1\n',
    });
  });
  afterAll(() => gitlab.close());

  const show = async (ref: string, file: string) =>
    `${
      (
        await run('git', ['show', `${ref}:${file}`], {
          cwd: path.join(gitlab.reposRoot, 'research', 'sales.git'),
        })
      ).stdout
    }`;

  it('opens a merge request with the template’s change, keeps the researcher’s file and says so', async () => {
    const catalog = catalogServiceMock({ entities: entities('1.0.0') });
    const read = context({
      entityRef: 'component:default/sales',
      templateVersion: '1.1.0',
    });
    await createProjectUpdateReadAction({ catalog, integrations }).handler(
      read.ctx,
    );
    expect(read.outputs).toMatchObject({
      task: 'forecasting',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      repoUrl: `${gitlab.host}?owner=research&repo=sales`,
      branchName: 'portal/update-forecasting-project-1.1.0',
      values: { name: 'sales', templateVersion: '1.1.0' },
    });

    // what the two fetch:template steps render, with those values
    writeTree(path.join(read.workspacePath, 'render'), RENDERED_1_1);
    const plan = context(
      {
        repoUrl: read.outputs.repoUrl,
        defaultBranch: 'main',
        templateName: 'forecasting-project',
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
        values: read.outputs.values,
        answers: read.outputs.answers,
        changes: read.outputs.changes,
        renderPath: 'render',
        targetPath: 'changes',
      } as JsonObject,
      read.workspacePath,
    );
    await createProjectUpdatePlanAction({ integrations }).handler(plan.ctx);
    expect(plan.outputs.updated).toEqual(['.gitignore', 'README.md']);
    expect(plan.outputs.conflicts).toEqual(['Makefile']);

    // upstream's action opens the merge request on the stand-in
    const mr = context(
      {
        repoUrl: read.outputs.repoUrl,
        branchName: read.outputs.branchName,
        targetBranchName: 'main',
        title: 'Update to forecasting-project 1.1.0',
        description: plan.outputs.description,
        sourcePath: 'changes',
        removeSourceBranch: true,
      } as JsonObject,
      read.workspacePath,
    );
    const publish = createPublishGitlabMergeRequestAction({ integrations });
    await publish.handler(mr.ctx);
    expect(mr.outputs.mergeRequestUrl).toBe(
      `${gitlab.url}/research/sales/-/merge_requests/1`,
    );
    expect(gitlab.mergeRequests).toHaveLength(1);
    const description = gitlab.mergeRequests[0].description ?? '';
    expect(description).toContain('- 1.1.0: Quieter tests');
    expect(description).toContain('## Files you changed: not overwritten');
    expect(description).toContain(
      "- `Makefile` (template's version: `.portal/incoming/Makefile`)",
    );

    // the merge request's diff, as GitLab's API answers it
    const res = await fetch(
      `${gitlab.url}/api/v4/projects/research%2Fsales/merge_requests/1/diffs`,
      { headers: { 'PRIVATE-TOKEN': TOKEN } },
    );
    const diffs: { new_path: string; new_file: boolean; diff: string }[] =
      await res.json();
    expect(diffs.map(d => d.new_path).sort()).toEqual([
      '.gitignore',
      '.portal/answers.json',
      '.portal/incoming/Makefile',
      'README.md',
      'catalog-info.yaml',
    ]);
    expect(diffs.find(d => d.new_path === 'README.md')!.diff).toContain(
      '+version 1.1.0',
    );
    const branch = 'portal/update-forecasting-project-1.1.0';
    expect(await show(branch, 'Makefile')).toBe(
      'test:\n\tpytest --maxfail=1\n',
    );
    expect(await show(branch, 'catalog-info.yaml')).toContain(
      '# kept: the researcher’s comment',
    );
    expect(await show(branch, 'catalog-info.yaml')).toContain(
      `${TEMPLATE_VERSION_ANNOTATION}: 1.1.0`,
    );
    // the default branch is untouched until someone merges
    expect(await show('main', 'README.md')).toBe(RENDERED_1_0['README.md']);

    // pressing the button again: upstream's action finds the branch and its merge request
    await expect(publish.handler(mr.ctx)).rejects.toThrow(
      `there is a Merge Request for this branch: ${gitlab.url}/research/sales/-/merge_requests/1`,
    );
  });

  it('says in one sentence why a project cannot be updated', async () => {
    const readWith = async (list: Entity[], entityRef: string) =>
      createProjectUpdateReadAction({
        catalog: catalogServiceMock({ entities: list }),
        integrations,
      }).handler(context({ entityRef, templateVersion: '1.1.0' }).ctx);

    await expect(
      readWith(entities('1.1.0'), 'component:default/sales'),
    ).rejects.toThrow(
      'component:default/sales is already on version 1.1.0 of its template',
    );
    await expect(
      readWith(entities('1.0.0'), 'component:default/nope'),
    ).rejects.toThrow('There is no project component:default/nope you can see');

    // a project from before answers were recorded
    await gitlab.addProject('research', 'old');
    await gitlab.commitFiles('research', 'old', { 'README.md': '# old\n' });
    const [project, template] = entities('1.0.0');
    const old = {
      ...project,
      metadata: {
        ...project.metadata,
        name: 'old',
        annotations: {
          ...project.metadata.annotations,
          'backstage.io/managed-by-location': `url:${gitlab.url}/research/old/-/blob/main/catalog-info.yaml`,
        },
      },
    };
    await expect(
      readWith([old, template], 'component:default/old'),
    ).rejects.toThrow(
      "component:default/old has no .portal/answers.json (it was created before the portal recorded a project's answers)",
    );
  });
});
