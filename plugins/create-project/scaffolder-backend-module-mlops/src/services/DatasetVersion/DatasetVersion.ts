import {
  ClearmlArtifact,
  ClearmlClient,
} from '@mlops-portal/plugin-clearml-node';
import crypto from 'crypto';
import JSZip from 'jszip';

/** A file of the version: its path inside the version (with `/`) and its bytes. */
export interface DatasetFile {
  path: string;
  content: Buffer;
}

/** Which dataset version to make, of which files. */
export interface DatasetVersionRequest {
  /** The ClearML project the dataset belongs to; it must exist. */
  project: string;
  /** The dataset's name: its versions are kept in the hidden project `<project>/.datasets/<name>`. */
  name: string;
  /** The version, for example `1.0.0`. */
  version: string;
  files: DatasetFile[];
  description?: string;
}

/** A finished (published) dataset version. */
export interface DatasetVersion {
  /** The version's id: the id of its task, what `Dataset.get(dataset_id=...)` takes. */
  id: string;
  /** The hidden project `<project>/.datasets/<name>` that holds the dataset's versions. */
  projectId: string;
  /** False when the version was found finished already (a retried task). */
  created: boolean;
}

/** How far a run got, for the sentence of a failure: what exists in ClearML already. */
export type DatasetVersionProgress =
  | { stage: 'none' }
  | { stage: 'unfinished'; taskId: string };

/** The ClearML project to hold a dataset does not exist (the step that creates it did not run). */
export class DatasetProjectMissingError extends Error {
  constructor(readonly project: string) {
    super(
      `The ClearML project ${project} does not exist: create it first (mlops:clearmlProject:create)`,
    );
    this.name = 'DatasetProjectMissingError';
  }
}

/**
 * The version exists in ClearML but was stopped (by ClearML's watchdog or in its web app) or failed: a
 * run will not finish or replace it on its own.
 */
export class DatasetVersionStoppedError extends Error {
  constructor(name: string, version: string, taskId: string, status: string) {
    super(
      `The dataset version ${name} ${version} exists in ClearML but is ${status} (task ${taskId}): reset or delete it in ClearML, then Retry`,
    );
    this.name = 'DatasetVersionStoppedError';
  }
}

/** ClearML Data's names, from the SDK (`clearml/datasets/dataset.py`). */
const DATASET_TAG = 'dataset';
const HIDDEN_TAG = 'hidden';
const TASK_TYPE = 'data_processing';
const STATE_ARTIFACT = 'state';
const DATA_ARTIFACT = 'data';
const PUBLISHED = ['published', 'closed'];

const sha256 = (bytes: Uint8Array) =>
  crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * What ClearML's SDK does for `Dataset.create(...)`, `add_files(...)`, `upload()`, `finalize()` and
 * `publish()`, over the REST API with the portal's one ClearML client, so that the version appears in
 * ClearML's Datasets view and `Dataset.get(dataset_id=...)` downloads it like one the SDK made:
 *
 * 1. the hidden projects `<project>/.datasets` (system tag `hidden`) and `<project>/.datasets/<name>`
 *    (`hidden`, `dataset`), each found or created;
 * 2. a `data_processing` task named `<name>` with the system tag `dataset`, its version in
 *    `runtime.version` and the user property `version`, and the file counts ClearML Data records in
 *    `runtime` (`ds_file_count`, `ds_total_size`, ...), then started;
 * 3. the files zipped into one archive (`dataset.<id>.zip`) and uploaded to the file server, with the
 *    version's `state.json` (its file entries, each with its SHA-256, and its dependency graph), at
 *    `<project>/.datasets/<name>/<name>.<id>/artifacts/<artifact>/<file>` as the SDK lays them out;
 * 4. both registered as the task's artifacts `state` and `data` (`tasks.add_or_update_artifacts`);
 * 5. the task completed, then published.
 *
 * Idempotent: a version of the same name and version number that is finished already is answered as
 * it is (`created: false`); one a failed run left unfinished is finished, never made twice.
 */
export async function createDatasetVersion(
  client: ClearmlClient,
  request: DatasetVersionRequest,
  onProgress: (progress: DatasetVersionProgress) => void = () => {},
): Promise<DatasetVersion> {
  const { project, name, version, files } = request;
  const parent = await client.findProject(project);
  if (!parent) {
    throw new DatasetProjectMissingError(project);
  }
  const datasetsName = `${project}/.datasets`;
  await ensureProject(client, datasetsName, [HIDDEN_TAG]);
  const projectId = await ensureProject(client, `${datasetsName}/${name}`, [
    HIDDEN_TAG,
    DATASET_TAG,
  ]);

  const existing = (
    await client.getTasks({
      projectIds: [projectId],
      types: [TASK_TYPE],
      systemTags: [DATASET_TAG],
      includeHidden: true,
      limit: 500,
    })
  ).filter(
    t =>
      t.name === name &&
      (t.runtime?.version === version ||
        // made by a run that failed before it could record the version
        (t.status === 'created' && !t.runtime?.version)),
  );
  const published = existing.find(t => PUBLISHED.includes(t.status ?? ''));
  if (published) {
    return { id: published.id, projectId, created: false };
  }
  const completed = existing.find(t => t.status === 'completed');
  if (completed) {
    onProgress({ stage: 'unfinished', taskId: completed.id });
    await client.publishTask(completed.id);
    return { id: completed.id, projectId, created: false };
  }
  const stopped = existing.find(t =>
    ['stopped', 'failed'].includes(t.status ?? ''),
  );
  if (stopped) {
    // never a second version beside it
    throw new DatasetVersionStoppedError(
      name,
      version,
      stopped.id,
      stopped.status!,
    );
  }
  // A run that failed half-way left its task; finish that one rather than make a second version.
  const unfinished = existing.find(t =>
    ['created', 'in_progress'].includes(t.status ?? ''),
  );
  const taskId =
    unfinished?.id ??
    (await client.createTask({
      name,
      type: TASK_TYPE,
      projectId,
      systemTags: [DATASET_TAG],
      comment: request.description,
    }));
  onProgress({ stage: 'unfinished', taskId });

  const archive = await zip(files);
  const totalSize = files.reduce((sum, f) => sum + f.content.length, 0);
  if (!unfinished || unfinished.status === 'created') {
    await client.editTask(taskId, {
      runtime: {
        version,
        orig_dataset_name: name,
        orig_dataset_id: taskId,
        ds_file_count: files.length,
        ds_link_count: 0,
        ds_total_size: totalSize,
        ds_total_size_compressed: archive.length,
        ds_change_add: files.length,
        ds_change_remove: 0,
        ds_change_modify: 0,
        ds_change_size: totalSize,
      },
      hyperparams: {
        properties: {
          version: {
            section: 'properties',
            name: 'version',
            value: version,
            type: '',
          },
        },
      },
    });
    await client.startTask(taskId);
  }

  // Where the SDK stores a task's artifacts: <project>/<task name>.<task id>/artifacts/<artifact>/<file>
  const prefix = `${datasetsName}/${name}/${name}.${taskId}/artifacts`;
  const archiveName = `dataset.${taskId}.zip`;
  const dataUri = await client.uploadFile(
    `${prefix}/${DATA_ARTIFACT}/${archiveName}`,
    archive,
    'application/zip',
  );
  const state = Buffer.from(
    JSON.stringify(
      {
        dataset_file_entries: files.map(f => ({
          artifact_name: DATA_ARTIFACT,
          hash: sha256(f.content),
          parent_dataset_id: taskId,
          relative_path: f.path,
          size: f.content.length,
        })),
        dataset_link_entries: [],
        dependency_chunk_lookup: { [taskId]: 1 },
        dependency_graph: { [taskId]: [] },
        dirty: false,
        file_count: files.length,
        id: taskId,
        total_size: totalSize,
      },
      null,
      4,
    ),
  );
  const stateUri = await client.uploadFile(
    `${prefix}/${STATE_ARTIFACT}/state.json`,
    state,
    'application/json',
  );
  const timestamp = Math.floor(Date.now() / 1000);
  const artifacts: ClearmlArtifact[] = [
    {
      key: STATE_ARTIFACT,
      type: 'dict',
      mode: 'output',
      uri: stateUri,
      content_size: state.length,
      hash: sha256(state),
      timestamp,
      type_data: {
        content_type: 'application/json',
        preview: `Dataset state\nFiles added/modified: ${files.length} - total size ${totalSize} B\n`,
      },
      display_data: [
        ['files added', String(files.length)],
        ['files modified', '0'],
        ['files removed', '0'],
      ],
    },
    {
      key: DATA_ARTIFACT,
      type: 'custom',
      mode: 'output',
      uri: dataUri,
      content_size: archive.length,
      hash: sha256(archive),
      timestamp,
      type_data: {
        content_type: 'application/zip',
        preview: files.map(f => `${f.path} - ${f.content.length} B`).join('\n'),
      },
    },
  ];
  await client.addOrUpdateArtifacts(taskId, artifacts);
  await client.completeTask(taskId);
  await client.publishTask(taskId);
  return { id: taskId, projectId, created: true };
}

async function ensureProject(
  client: ClearmlClient,
  name: string,
  systemTags: string[],
): Promise<string> {
  const found = await client.findProject(name, { includeHidden: true });
  if (found) {
    return found.id;
  }
  return client.createProject({
    name,
    description: 'Dataset versions (ClearML Data), made by the MLOps Portal',
    systemTags,
  });
}

/** One ZIP archive of the files, in path order, compressed as the SDK does (deflate). */
async function zip(files: DatasetFile[]): Promise<Buffer> {
  const archive = new JSZip();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    archive.file(file.path, file.content, {
      binary: true,
      // the same bytes on every run, so a retry uploads the same archive
      date: new Date(Date.UTC(2000, 0, 1)),
    });
  }
  return archive.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
}
