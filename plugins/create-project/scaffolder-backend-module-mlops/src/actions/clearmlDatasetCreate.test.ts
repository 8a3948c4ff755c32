import { ConfigReader } from '@backstage/config';
import { DefaultClearmlClient } from '@mlops-portal/plugin-clearml-node';
import {
  ClearmlStandin,
  createClearmlStandin,
  emptyFixtures,
} from '@mlops-portal/plugin-clearml-node/testUtils';
import { JsonValue } from '@backstage/types';
import crypto from 'crypto';
import { promises as fs, mkdtempSync } from 'fs';
import JSZip from 'jszip';
import os from 'os';
import path from 'path';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createClearmlDatasetCreateAction } from './clearmlDatasetCreate';

const ACCESS_KEY = 'AK-portal-service';
// a fresh value each run, never a committed secret
const SECRET_KEY = crypto.randomBytes(16).toString('hex');
const SERIES = 'Month,Passengers\n1949-01,112\n1949-02,118\n1949-03,132\n';
const NOTES = '{"anomalies": []}\n';

function clientFor(standin: ClearmlStandin, filesUrl?: string) {
  return DefaultClearmlClient.fromConfig(
    new ConfigReader({
      clearml: {
        apiUrl: standin.url,
        webUrl: 'http://clearml-web.test',
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
        ...(filesUrl ? { filesUrl } : {}),
      },
    }),
  );
}

const input = {
  project: 'forecasting/sales-demand',
  name: 'sales-demand-data',
  version: '1.0.0',
  path: 'data/raw',
  failureNote:
    'the ClearML project forecasting/sales-demand exists already, nothing is on GitLab yet',
};

/** A context whose workspace holds the sample data, as fetch:plain leaves it. */
async function contextWithSample(
  values: Record<string, JsonValue> = input,
  checkpoints?: Map<string, JsonValue>,
) {
  const context = mockActionContext(values, { checkpoints });
  const raw = path.join(context.workspacePath, 'data', 'raw');
  await fs.mkdir(path.join(raw, 'labels'), { recursive: true });
  await fs.writeFile(path.join(raw, 'series.csv'), SERIES);
  await fs.writeFile(path.join(raw, 'labels', 'windows.json'), NOTES);
  return context;
}

describe('mlops:clearmlDataset:create', () => {
  let standin: ClearmlStandin;
  let action: ReturnType<typeof createClearmlDatasetCreateAction>;
  beforeEach(async () => {
    standin = createClearmlStandin({
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      fixtures: emptyFixtures(),
    });
    await standin.start();
    standin.fixtures.projects.push({
      id: 'p-sales',
      name: 'forecasting/sales-demand',
    });
    action = createClearmlDatasetCreateAction({
      getClient: () => clientFor(standin, standin.filesUrl),
    });
  });
  afterEach(() => standin.stop());

  const datasetTasks = () =>
    standin.fixtures.tasks.filter(t => t.system_tags.includes('dataset'));

  it('makes the sample data a published dataset version in the hidden sub-project ClearML Data uses, with the files on the file server', async () => {
    const { ctx, outputs } = await contextWithSample();
    await action.handler(ctx);

    // the Datasets view: hidden projects <project>/.datasets/<name>, one data_processing task per version
    const projects = Object.fromEntries(
      standin.fixtures.projects.map(p => [p.name, p.system_tags ?? []]),
    );
    expect(projects).toEqual({
      'forecasting/sales-demand': [],
      'forecasting/sales-demand/.datasets': ['hidden'],
      'forecasting/sales-demand/.datasets/sales-demand-data': [
        'hidden',
        'dataset',
      ],
    });
    const [task] = datasetTasks();
    expect(task).toMatchObject({
      name: 'sales-demand-data',
      type: 'data_processing',
      status: 'published',
      system_tags: ['dataset'],
      runtime: { version: '1.0.0', ds_file_count: 2 },
      hyperparams: { properties: { version: { value: '1.0.0' } } },
    });
    const datasetProject = standin.fixtures.projects.find(
      p => p.name === 'forecasting/sales-demand/.datasets/sales-demand-data',
    )!;
    expect(task.project).toBe(datasetProject.id);
    expect(outputs).toEqual({
      datasetId: task.id,
      datasetUrl: `http://clearml-web.test/datasets/simple/${datasetProject.id}/experiments/${task.id}`,
      created: true,
    });

    // the artifacts the SDK reads back: `state` (the file entries) and `data` (the archive)
    const artifacts = Object.fromEntries(
      task.execution.artifacts.map((a: any) => [a.key, a]),
    );
    expect(Object.keys(artifacts).sort()).toEqual(['data', 'state']);
    const stored = (uri: string) => {
      expect(uri.startsWith(`${standin.filesUrl}/`)).toBe(true);
      return standin.state.files.get(uri.slice(standin.filesUrl.length + 1))!;
    };
    const archive = await JSZip.loadAsync(stored(artifacts.data.uri));
    expect(await archive.file('series.csv')!.async('string')).toBe(SERIES);
    expect(await archive.file('labels/windows.json')!.async('string')).toBe(
      NOTES,
    );
    expect(artifacts.data.uri).toBe(
      `${standin.filesUrl}/forecasting/sales-demand/.datasets/sales-demand-data/sales-demand-data.${task.id}/artifacts/data/dataset.${task.id}.zip`,
    );
    const state = JSON.parse(stored(artifacts.state.uri).toString('utf8'));
    expect(state).toMatchObject({
      id: task.id,
      file_count: 2,
      dependency_graph: { [task.id]: [] },
    });
    expect(state.dataset_file_entries).toEqual([
      {
        relative_path: 'labels/windows.json',
        hash: crypto.createHash('sha256').update(NOTES).digest('hex'),
        size: NOTES.length,
        parent_dataset_id: task.id,
        artifact_name: 'data',
      },
      {
        relative_path: 'series.csv',
        hash: crypto.createHash('sha256').update(SERIES).digest('hex'),
        size: SERIES.length,
        parent_dataset_id: task.id,
        artifact_name: 'data',
      },
    ]);
  });

  it('finds the version a first run made instead of making a second one', async () => {
    const first = await contextWithSample();
    await action.handler(first.ctx);
    // a new task (no checkpoint recorded) of the same dataset and version
    const second = await contextWithSample();
    await action.handler(second.ctx);

    expect(datasetTasks()).toHaveLength(1);
    expect(second.outputs).toEqual({
      ...first.outputs,
      created: false,
    });
  });

  it('ClearML fails half-way: one sentence says what happened and what exists; a retry finishes that version, and no second one', async () => {
    standin.state.failEndpoints.set('tasks.completed', 500);
    const checkpoints = new Map<string, JsonValue>();
    const failed = await contextWithSample(input, checkpoints);
    const error = await action.handler(failed.ctx).catch(e => e);
    const [task] = datasetTasks();
    expect(error.message).toBe(
      `ClearML tasks.completed answered 500 Internal Server Error: General data error; the ClearML project forecasting/sales-demand exists already, nothing is on GitLab yet, the dataset version sales-demand-data 1.0.0 exists in ClearML unfinished (${task.id}), and Retry finishes it`,
    );
    expect(task.status).toBe('in_progress');

    standin.state.failEndpoints.delete('tasks.completed');
    const retried = await contextWithSample(input, checkpoints);
    await action.handler(retried.ctx);
    expect(datasetTasks()).toEqual([
      expect.objectContaining({ id: task.id, status: 'published' }),
    ]);
    expect(retried.outputs.datasetId).toBe(task.id);
  });

  it('a version ClearML stopped is named, with what to do, and no second one is made', async () => {
    standin.state.failEndpoints.set('tasks.completed', 500);
    const checkpoints = new Map<string, JsonValue>();
    await action
      .handler((await contextWithSample(input, checkpoints)).ctx)
      .catch(() => undefined);
    standin.state.failEndpoints.delete('tasks.completed');
    // ClearML's watchdog stops a task that stays silent in progress
    const [task] = datasetTasks();
    task.status = 'stopped';

    const retried = await contextWithSample(input, checkpoints);
    await expect(action.handler(retried.ctx)).rejects.toThrow(
      `The dataset version sales-demand-data 1.0.0 exists in ClearML but is stopped (task ${task.id}): reset or delete it in ClearML, then Retry`,
    );
    expect(datasetTasks()).toHaveLength(1);
  });

  it('ClearML is down: one sentence says so and that no version exists yet, without the secret', async () => {
    await standin.stop();
    const { ctx } = await contextWithSample();
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      new RegExp(
        `^ClearML at ${standin.url.replace(
          /\./g,
          '\\.',
        )} is unreachable \\(auth\\.login\\): connect ECONNREFUSED [0-9.:]+; the ClearML project forecasting/sales-demand exists already, nothing is on GitLab yet, no dataset version is made yet, and Retry makes it when ClearML answers$`,
      ),
    );
    expect(error.message).not.toContain(SECRET_KEY);
    await standin.start(Number(new URL(standin.url).port));
  });

  it('the file server refuses the upload: the sentence names it', async () => {
    standin.state.failEndpoints.set('fileserver', 503);
    const { ctx } = await contextWithSample();
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      new RegExp(
        `^ClearML's file server at ${standin.filesUrl.replace(
          /\./g,
          '\\.',
        )} answered 503 Service Unavailable to the upload of .*/artifacts/data/dataset\\.[0-9a-f]{32}\\.zip; .*exists in ClearML unfinished \\([0-9a-f]{32}\\), and Retry finishes it$`,
      ),
    );
  });

  it('without clearml.filesUrl, says which key to set and calls nothing', async () => {
    const withoutFiles = createClearmlDatasetCreateAction({
      getClient: () => clientFor(standin),
    });
    const { ctx } = await contextWithSample();
    await expect(withoutFiles.handler(ctx)).rejects.toThrow(
      "ClearML's file server is not configured: set clearml.filesUrl (for example https://files.clearml.example.com) so the sample data can become the project's first dataset version; the ClearML project forecasting/sales-demand exists already, nothing is on GitLab yet",
    );
    expect(standin.state.calls).toEqual([]);
  });

  it('the ClearML project does not exist: says which step makes it', async () => {
    const { ctx } = await contextWithSample({ ...input, project: 'other/x' });
    await expect(action.handler(ctx)).rejects.toThrow(
      'The ClearML project other/x does not exist: create it first (mlops:clearmlProject:create)',
    );
    expect(datasetTasks()).toEqual([]);
  });

  it.each([
    [
      { name: '../sales' },
      '"../sales" is not a valid dataset name: use letters, digits, "_", "-" and ".", at most 100 characters, starting with a letter or digit',
    ],
    [
      { version: 'latest' },
      '"latest" is not a dataset version number: write three numbers such as 1.0.0',
    ],
    [
      { project: 'forecasting//x' },
      '"forecasting//x" is not a valid ClearML project name: use letters, digits, spaces, "_", "-", "." and "/" between parts, at most 128 characters',
    ],
    [
      { path: 'data/missing' },
      'data/missing is not a folder of the new project: there is no sample data to make a dataset version of',
    ],
    [
      { path: '../../etc' },
      'Relative path is not allowed to refer to a directory outside its parent',
    ],
  ])(
    'refuses bad input %j in one sentence, calling nothing',
    async (bad, message) => {
      const { ctx } = await contextWithSample({ ...input, ...bad });
      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(standin.state.calls).toEqual([]);
    },
  );

  it('refuses a symbolic link in the folder, uploading nothing from outside the workspace', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    await fs.writeFile(path.join(outside, 'secret.txt'), 'not yours\n');
    const { ctx, workspacePath } = await contextWithSample();
    await fs.symlink(
      path.join(outside, 'secret.txt'),
      path.join(workspacePath, 'data', 'raw', 'linked.txt'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      "data/raw/linked.txt is a symbolic link: a dataset version takes only the project's own files",
    );
    expect(standin.state.calls).toEqual([]);
    expect(standin.state.files.size).toBe(0);
  });

  it('refuses a file over the limit by its size, before reading it', async () => {
    const { ctx, workspacePath } = await contextWithSample();
    // 3 GB without the disk space (a sparse file): more than Node could read into one buffer
    const huge = await fs.open(
      path.join(workspacePath, 'data', 'raw', 'huge.csv'),
      'w',
    );
    await huge.truncate(3 * 1024 ** 3);
    await huge.close();
    await expect(action.handler(ctx)).rejects.toThrow(
      "The files under data/raw are larger than 100 MB: the portal uploads only small sample data; add larger data with ClearML's SDK",
    );
    expect(standin.state.calls).toEqual([]);
  });

  it('an empty folder: nothing to version', async () => {
    const { ctx, workspacePath } = mockActionContext(input);
    await fs.mkdir(path.join(workspacePath, 'data', 'raw'), {
      recursive: true,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'data/raw holds no files: there is no sample data to make a dataset version of',
    );
  });

  it('dry run: reads the files, calls nothing', async () => {
    const context = mockActionContext(input, { isDryRun: true });
    const raw = path.join(context.workspacePath, 'data', 'raw');
    await fs.mkdir(raw, { recursive: true });
    await fs.writeFile(path.join(raw, 'series.csv'), SERIES);
    await action.handler(context.ctx);
    expect(context.outputs).toEqual({
      datasetId: 'dry-run',
      datasetUrl: '',
      created: false,
    });
    expect(standin.state.calls).toEqual([]);
  });
});
