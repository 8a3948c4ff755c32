/*
 * "Create project" end to end on loopback: the real scaffolder and catalog backends with Backstage's
 * publish:gitlab and our actions, a GitLab REST stand-in handing out clone URLs of a real git smart-HTTP
 * server, and a ClearML API stand-in. Each template's repository is cloned with git and its own tests
 * run with Debian's Python; the registered entity must carry its dependsOn relations, and Backstage's
 * GitLab reader must read the docs site TechDocs builds from.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import gitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import JSZip from 'jszip';
import os from 'os';
import path from 'path';
import request from 'supertest';
import yaml from 'yaml';
import {
  ClearmlStandin,
  createClearmlStandin,
  emptyFixtures,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import {
  GitlabStandin,
  run,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { until } from '@mlops-portal/portal-test-utils';
import { repoRoot, TASKS } from './__testUtils__/renderTemplate';
import templateUpgradesModule from '@mlops-portal/plugin-scaffolder-backend-module-template-upgrades';
import mlopsModule from './index';

jest.setTimeout(300_000);

const GITLAB_TOKEN = 'fake-gitlab-token-portal-bot-0123456789';
const CLEARML = { accessKey: 'AK-portal', secretKey: 'SK-portal-secret-0123' };

type Backend = Awaited<ReturnType<typeof startTestBackend>>;
let backend: Backend;
let gitlab: GitlabStandin;
let clearml: ClearmlStandin;

/** The repository's ClearML API stand-in, with no projects yet. */
async function startClearmlStandin() {
  const standin = createClearmlStandin({
    ...CLEARML,
    fixtures: emptyFixtures(),
  });
  await standin.start();
  return standin;
}
let downHost: string;
const auth = {
  Authorization: mockCredentials.user.header('user:default/researcher'),
};

/** The dataset versions (ClearML Data tasks) the ClearML stand-in holds for a project. */
function datasetVersionsOf(project: string) {
  const ids = clearml.fixtures.projects
    .filter(p => p.name.startsWith(`${project}/.datasets/`))
    .map(p => p.id);
  return clearml.fixtures.tasks.filter(
    t => ids.includes(t.project) && t.system_tags.includes('dataset'),
  );
}

/** The files of a dataset version, from its archive on the stand-in's file server. */
async function datasetFiles(version: any): Promise<Record<string, string>> {
  const data = version.execution.artifacts.find(
    (a: { key: string }) => a.key === 'data',
  );
  const stored = clearml.state.files.get(
    data.uri.slice(clearml.filesUrl.length + 1),
  );
  const archive = await JSZip.loadAsync(stored!);
  const files: Record<string, string> = {};
  for (const name of Object.keys(archive.files)) {
    files[name] = await archive.file(name)!.async('string');
  }
  return files;
}

async function entity(ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await request(backend.server)
    .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
    .set(auth);
  return res.status === 200 ? res.body : undefined;
}

/** Runs a template through the scaffolder API; returns the finished task and its log. */
async function runTemplate(task: string, values: Record<string, unknown>) {
  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set(auth)
    .send({ templateRef: `template:default/${task}-project`, values });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const finished = await until(
    'the task to finish',
    async () => {
      const res = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(auth);
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    120_000,
  );
  const events = await request(backend.server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set(auth);
  const log = (events.body as { type: string; body: { message?: string } }[])
    .map(e => e.body.message ?? '')
    .join('\n');
  const completion = (events.body as { type: string; body: any }[]).find(
    e => e.type === 'completion',
  );
  return {
    id,
    status: finished.status as string,
    log,
    error: completion?.body?.error?.message as string | undefined,
    output: completion?.body?.output,
  };
}

/** The wizard's training page, its defaults accepted. */
const training = (task: string) => ({
  budgetMinutes: 1,
  ...(task === 'forecasting'
    ? { targetColumn: 'Passengers', frequency: 'MS', horizon: 12 }
    : {}),
});

/** The portal's integration with the GitLab stand-in. */
const gitlabIntegration = () => gitlab.integrationConfig(GITLAB_TOKEN);

beforeAll(async () => {
  gitlab = await startGitlabStandin({
    token: GITLAB_TOKEN,
    groups: ['research'],
  });
  clearml = await startClearmlStandin();
  const closed = await startClearmlStandin(); // a port that is free again once closed
  downHost = new URL(closed.url).host;
  await closed.stop();

  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      scaffolderPlugin,
      gitlabModule,
      mlopsModule,
      // the step that records the project's answers (.portal/answers.json)
      templateUpgradesModule,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            workingDirectory: mkdtempSync(
              path.join(os.tmpdir(), 'scaffolder-work-'),
            ),
          },
          integrations: {
            gitlab: [
              gitlabIntegration(),
              {
                host: downHost,
                apiBaseUrl: `http://${downHost}/api/v4`,
                baseUrl: `http://${downHost}`,
                token: GITLAB_TOKEN,
              },
            ],
          },
          clearml: {
            apiUrl: clearml.url,
            webUrl: 'http://clearml-web.test',
            filesUrl: clearml.filesUrl,
            ...CLEARML,
          },
          scaffolder: {
            defaultAuthor: {
              name: 'MLOps Portal',
              email: 'portal@example.com',
            },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Group',
                  'User',
                  'Template',
                  'Location',
                ],
              },
            ],
            locations: [
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog-info/templates.yaml'),
              },
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog-info/components/all.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  await until(
    'the templates and components in the catalog',
    async () =>
      (await entity('template:default/anomaly-detection-project')) &&
      (await entity('component:default/automl-anomaly'))
        ? true
        : undefined,
    60_000,
  );
});

afterAll(async () => {
  await backend?.stop();
  await gitlab?.close();
  await clearml?.stop();
});

describe('Create project, end to end', () => {
  it.each(TASKS)(
    '%s: a GitLab repository whose tests pass, in the catalog and ClearML',
    async task => {
      const name = `${task.split('-')[0]}-demo`;
      const automl = `component:default/automl-${task.replace(
        '-detection',
        '',
      )}`;
      const result = await runTemplate(task, {
        name,
        description: `A ${task} project made end to end`,
        owner: 'group:default/researchers',
        components: [automl],
        dataset: 'sample',
        ...training(task),
        repoUrl: `${gitlab.host}?owner=research&repo=${name}`,
      });
      expect({ status: result.status, error: result.error }).toEqual({
        status: 'completed',
        error: undefined,
      });
      expect(result.log).not.toContain(GITLAB_TOKEN);
      expect(result.log).not.toContain(CLEARML.secretKey);

      // ClearML: the project exists, and the output links to it
      const project = clearml.fixtures.projects.find(
        p => p.name === `${task}/${name}`,
      );
      expect(project).toBeDefined();
      expect(result.output.links).toEqual([
        { title: 'Repository', url: `${gitlab.url}/research/${name}` },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: `component:default/${name}`,
        },
        {
          title: 'ClearML project',
          url: `http://clearml-web.test/projects/${project!.id}/experiments`,
        },
        {
          title: 'First pipeline',
          url: expect.stringMatching(
            new RegExp(`^${gitlab.url}/research/${name}/-/pipelines/\\d+$`),
          ),
        },
      ]);

      // ClearML: the sample data is the project's first dataset version, published, with the sample's bytes
      const versions = datasetVersionsOf(`${task}/${name}`);
      expect(versions).toEqual([
        expect.objectContaining({
          name: `${name}-data`,
          type: 'data_processing',
          status: 'published',
          runtime: expect.objectContaining({ version: '1.0.0' }),
        }),
      ]);
      const sampleDir = path.join(repoRoot, 'templates', 'samples', task);
      expect(await datasetFiles(versions[0])).toEqual(
        Object.fromEntries(
          readdirSync(sampleDir).map(f => [
            f,
            readFileSync(path.join(sampleDir, f), 'utf8'),
          ]),
        ),
      );

      // GitLab CI: what the first pipeline reads, and the pipeline itself on main
      const gitlabProject = gitlab.projects.find(p => p.path === name)!;
      const variables = Object.fromEntries(
        (gitlab.variables.get(gitlabProject.id) ?? []).map(v => [
          v.key,
          v.value,
        ]),
      );
      expect(variables).toEqual({
        MLOPS_CLEARML_PROJECT: `${task}/${name}`,
        // the version just made, which the project's training reads and links
        MLOPS_DATASET_ID: versions[0].id,
        // which is the sample's, so the project reads its files from data/raw
        MLOPS_SAMPLE_DATASET_ID: versions[0].id,
        TRAIN_BUDGET_SECONDS: '60',
        ...(task === 'forecasting'
          ? {
              MLOPS_TARGET_COLUMN: 'Passengers',
              MLOPS_FREQUENCY: 'MS',
              MLOPS_HORIZON: '12',
            }
          : {}),
      });
      expect(
        gitlab.pipelines.filter(p => p.projectId === gitlabProject.id),
      ).toEqual([expect.objectContaining({ ref: 'main', source: 'api' })]);

      // GitLab: clone the pushed repository with git and run its own tests
      const checkout = mkdtempSync(path.join(os.tmpdir(), 'clone-'));
      const basic = `http://oauth2:${GITLAB_TOKEN}@${gitlab.host}/research/${name}.git`;
      const clone = await run('git', ['clone', '--quiet', basic, checkout]);
      expect(clone.stderr).toBe('');
      const tests = await run(
        '/usr/bin/python3',
        ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
        {
          cwd: checkout,
          env: {
            ...process.env,
            PYTHONPATH: path.join(repoRoot, 'components'),
          },
        },
      );
      expect(`${tests.stdout}`).toMatch(/ passed/);
      expect({
        code: tests.code,
        out: tests.code ? `${tests.stdout}\n${tests.stderr}` : '',
      }).toEqual({ code: 0, out: '' });
      const log = await run('git', ['log', '--format=%an %s'], {
        cwd: checkout,
      });
      // the templates' version (templates/tasks.yaml), in the commit and in the recorded answers
      const { version } = yaml.parse(
        readFileSync(path.join(repoRoot, 'templates', 'tasks.yaml'), 'utf8'),
      );
      expect(`${log.stdout}`.trim()).toBe(
        `MLOps Portal Create the project from the ${task}-project template ${version} [skip ci]`,
      );
      const answers = JSON.parse(
        readFileSync(path.join(checkout, '.portal', 'answers.json'), 'utf8'),
      );
      expect(answers).toMatchObject({
        template: `${task}-project`,
        version,
        values: { name, task, templateVersion: version },
      });
      expect(Object.keys(answers.files)).toEqual(
        expect.arrayContaining(['Makefile', 'docs/index.md']),
      );

      // Catalog: the registered project with what it depends on
      const registered = await until(
        'the new project in the catalog',
        () => entity(`component:default/${name}`),
        60_000,
      );
      expect(registered.spec.owner).toBe('group:default/researchers');
      expect(registered.metadata.annotations['clear.ml/project-name']).toBe(
        `${task}/${name}`,
      );
      const dependsOn = await until(
        'its dependsOn relations',
        async () => {
          const e = await entity(`component:default/${name}`);
          const refs = (e?.relations ?? [])
            .filter((r: { type: string }) => r.type === 'dependsOn')
            .map((r: { targetRef: string }) => r.targetRef);
          return refs.length ? refs : undefined;
        },
        60_000,
      );
      expect(dependsOn).toEqual([automl]);

      // Docs: the tree TechDocs reads from GitLab to build the project's site on page view
      const tree = await UrlReaders.default({
        config: new ConfigReader({
          integrations: { gitlab: [gitlabIntegration()] },
        }),
        logger: mockServices.logger.mock(),
      }).readTree(`${gitlab.url}/research/${name}/-/tree/main`);
      const files = await tree.files();
      const docs = files.map(f => f.path);
      expect(docs).toEqual(
        expect.arrayContaining(['mkdocs.yml', 'docs/index.md']),
      );
      const index = files.find(f => f.path === 'docs/index.md')!;
      expect((await index.content()).toString()).toContain(name);
      expect(tree.etag).toMatch(/^[0-9a-f]{40}$/);
    },
  );

  describe('GitLab failures give a clear task error and create nothing', () => {
    const values = (owner: string, repo: string, host = gitlab.host) => ({
      name: repo,
      description: 'A project that should not be created',
      owner: 'group:default/researchers',
      components: ['component:default/automl-forecasting'],
      dataset: 'sample',
      ...training('forecasting'),
      repoUrl: `${host}?owner=${owner}&repo=${repo}`,
    });

    /** Runs the forecasting template into research/`repo` while the GitLab stand-in refuses `what`. */
    const runRefused = (
      what: 'refuseTokens' | 'refuseVariables' | 'refusePipelines',
      repo: string,
    ) => {
      gitlab.state[what] = true;
      return runTemplate('forecasting', values('research', repo)).finally(
        () => {
          gitlab.state[what] = false;
        },
      );
    };

    const nothingCreated = (repo: string) => {
      expect(gitlab.projects.filter(p => p.path === repo).length).toBeLessThan(
        2,
      );
      expect(clearml.fixtures.projects.map(p => p.name)).not.toContain(
        `forecasting/${repo}`,
      );
    };

    it('the group does not exist', async () => {
      const result = await runTemplate(
        'forecasting',
        values('no-such-group', 'lost-one'),
      );
      expect(result.status).toBe('failed');
      expect(result.error).toBe(
        `The GitLab group "no-such-group" does not exist on ${gitlab.host}, or the portal's token cannot see it; nothing was created`,
      );
      expect(gitlab.projects.map(p => p.path)).not.toContain('lost-one');
      nothingCreated('lost-one');
    });

    it('GitLab refuses the token', async () => {
      const result = await runRefused('refuseTokens', 'refused-one');
      expect(result.status).toBe('failed');
      expect(result.error).toBe(
        `GitLab at ${gitlab.url} refused the portal's token (401) while checking the token: check integrations.gitlab[].token for ${gitlab.host}; nothing was created`,
      );
      expect(result.log).not.toContain(GITLAB_TOKEN);
      expect(gitlab.projects.map(p => p.path)).not.toContain('refused-one');
      nothingCreated('refused-one');
    });

    it('the repository already exists', async () => {
      await gitlab.addProject('research', 'taken-one');
      const result = await runTemplate(
        'forecasting',
        values('research', 'taken-one'),
      );
      expect(result.status).toBe('failed');
      expect(result.error).toBe(
        `The repository research/taken-one already exists on ${gitlab.host} (${gitlab.url}/research/taken-one): choose another name; nothing was created`,
      );
      nothingCreated('taken-one');
    });

    /** Retries a failed task through the scaffolder's API and waits for its end. */
    const retry = async (id: string) => {
      const retried = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${id}/retry`)
        .set(auth)
        .send({});
      expect(retried.status).toBe(201);
      return until(
        'the retried task',
        async () => {
          const res = await request(backend.server)
            .get(`/api/scaffolder/v2/tasks/${id}`)
            .set(auth);
          return ['completed', 'failed'].includes(res.body.status)
            ? (res.body.status as string)
            : undefined;
        },
        60_000,
      );
    };
    /** One repository, each variable once, one pipeline, one ClearML project. */
    const finishedOnce = (repo: string) => {
      const project = gitlab.projects.filter(p => p.path === repo);
      expect(project).toHaveLength(1);
      expect(gitlab.variables.get(project[0].id)?.map(v => v.key)).toEqual([
        'MLOPS_CLEARML_PROJECT',
        'MLOPS_DATASET_ID',
        'MLOPS_SAMPLE_DATASET_ID',
        'TRAIN_BUDGET_SECONDS',
        'MLOPS_TARGET_COLUMN',
        'MLOPS_FREQUENCY',
        'MLOPS_HORIZON',
      ]);
      expect(
        gitlab.pipelines.filter(p => p.projectId === project[0].id),
      ).toHaveLength(1);
      expect(
        clearml.fixtures.projects.filter(p => p.name === `forecasting/${repo}`),
      ).toHaveLength(1);
      const versions = datasetVersionsOf(`forecasting/${repo}`);
      expect(versions).toEqual([
        expect.objectContaining({ status: 'published' }),
      ]);
      const variables = gitlab.variables.get(project[0].id) ?? [];
      expect(variables.find(v => v.key === 'MLOPS_DATASET_ID')?.value).toBe(
        versions[0].id,
      );
    };

    it('GitLab refuses a variable: one sentence says so and what exists; a retry finishes with one repository, each variable once, one pipeline', async () => {
      const failed = await runRefused('refuseVariables', 'retried-one');
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(
        `GitLab at ${gitlab.url} refused setting the CI/CD variable MLOPS_CLEARML_PROJECT of research/retried-one (403): the portal's token needs the Maintainer role on research/retried-one to set its CI/CD variables; the repository, its catalog entry and the ClearML project forecasting/retried-one exist already, no variable is set yet, and Retry sets the rest`,
      );
      expect(failed.log).not.toContain(GITLAB_TOKEN);

      expect(await retry(failed.id)).toBe('completed');
      finishedOnce('retried-one');
    });

    it('GitLab refuses the pipeline: one sentence says so and what exists; a retry starts one pipeline and sets no variable twice', async () => {
      const repo = 'no-pipeline-one';
      const failed = await runRefused('refusePipelines', repo);
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(
        `GitLab at ${gitlab.url} refused starting a pipeline on main of research/${repo} (403): the portal's token needs the Developer role on research/${repo} to start its pipelines; the repository with its CI/CD variables, its catalog entry and the ClearML project forecasting/${repo} exist already, and Retry starts the pipeline`,
      );
      expect(await retry(failed.id)).toBe('completed');
      finishedOnce(repo);
    });

    it('ClearML is down: one sentence says so and that nothing is on GitLab; a retry once it is back finishes with one of each', async () => {
      const repo = 'clearml-down-one';
      const port = Number(new URL(clearml.url).port);
      await clearml.stop();
      const failed = await runTemplate(
        'forecasting',
        values('research', repo),
      ).finally(() => clearml.start(port));
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(
        new RegExp(
          `^ClearML at ${clearml.url.replace(
            /\./g,
            '\\.',
          )} is unreachable \\([a-z_.]+\\): connect ECONNREFUSED [0-9.:]+; nothing is on GitLab yet, and Retry creates the ClearML project when it answers$`,
        ),
      );
      expect(failed.log).not.toContain(CLEARML.secretKey);
      expect(gitlab.projects.map(p => p.path)).not.toContain(repo);

      expect(await retry(failed.id)).toBe('completed');
      finishedOnce(repo);
    });

    it('ClearML fails while finishing the dataset version: one sentence says so and what exists; a retry finishes with one dataset version and one of everything else', async () => {
      const repo = 'dataset-failed-one';
      clearml.state.failEndpoints.set('tasks.completed', 500);
      const failed = await runTemplate(
        'forecasting',
        values('research', repo),
      ).finally(() => clearml.state.failEndpoints.delete('tasks.completed'));
      expect(failed.status).toBe('failed');
      const [unfinished] = datasetVersionsOf(`forecasting/${repo}`);
      expect(failed.error).toBe(
        `ClearML tasks.completed answered 500 Internal Server Error: General data error; the ClearML project forecasting/${repo} exists already, nothing is on GitLab yet, the dataset version ${repo}-data 1.0.0 exists in ClearML unfinished (${unfinished.id}), and Retry finishes it`,
      );
      expect(failed.log).not.toContain(CLEARML.secretKey);
      expect(gitlab.projects.map(p => p.path)).not.toContain(repo);

      expect(await retry(failed.id)).toBe('completed');
      finishedOnce(repo);
      expect(datasetVersionsOf(`forecasting/${repo}`)[0].id).toBe(
        unfinished.id,
      );
    });

    it('GitLab answers 503 while creating the repository: the task fails naming the status, without the token, and its retry completes with one repository', async () => {
      const repo = 'overloaded-one';
      gitlab.fail('create', 503);
      const failed = await runTemplate('forecasting', values('research', repo));
      expect(failed.status).toBe('failed');
      // upstream publish:gitlab's words (GitLab's own message), shown under the step "GitLab repository"
      expect(failed.error).toMatch(/^503 /);
      expect(failed.error).not.toContain(GITLAB_TOKEN);
      expect(failed.log).not.toContain(GITLAB_TOKEN);
      expect(gitlab.projects.map(p => p.path)).not.toContain(repo);

      const retried = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${failed.id}/retry`)
        .set(auth)
        .send({});
      expect(retried.status).toBe(201);
      const done = await until(
        'the retried task',
        async () => {
          const res = await request(backend.server)
            .get(`/api/scaffolder/v2/tasks/${failed.id}`)
            .set(auth);
          return ['completed', 'failed'].includes(res.body.status)
            ? res.body.status
            : undefined;
        },
        60_000,
      );
      expect(done).toBe('completed');
      expect(gitlab.projects.filter(p => p.path === repo)).toHaveLength(1);
      expect(
        clearml.fixtures.projects.filter(p => p.name === `forecasting/${repo}`),
      ).toHaveLength(1);
      await until(
        'the project in the catalog',
        () => entity(`component:default/${repo}`),
        60_000,
      );
    });

    it.each(['create', 'push'] as const)(
      'GitLab rate-limits the %s step (429) once: it is tried again and the task completes with one repository',
      async step => {
        const repo = `rate-limited-${step}`;
        gitlab.fail(step, 429);
        const result = await runTemplate(
          'forecasting',
          values('research', repo),
        );
        expect({ status: result.status, error: result.error }).toEqual({
          status: 'completed',
          error: undefined,
        });
        expect(result.log).not.toContain(GITLAB_TOKEN);
        expect(gitlab.projects.filter(p => p.path === repo)).toHaveLength(1);
      },
    );

    it('GitLab is down', async () => {
      const result = await runTemplate(
        'forecasting',
        values('research', 'unreachable-one', downHost),
      );
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(
        new RegExp(
          `^GitLab at http://${downHost.replace(
            /\./g,
            '\\.',
          )} is unreachable.*; nothing was created: try again when it is back$`,
        ),
      );
      nothingCreated('unreachable-one');
    });
  });
});
