/*
 * A stand-in for ClearML's API server, for tests and for the development setup: it speaks the API's
 * `{ meta, data }` envelope on `POST /<service>.<action>`, logs in with Basic auth (`auth.login`) and then
 * wants the Bearer token it issued. It holds sample experiments, scalars, models and dataset versions of
 * the project `sales-forecast` (or, with `emptyFixtures()`, nothing), and creates projects
 * (`projects.create`) and dataset versions as ClearML Data makes them (`tasks.create`, `tasks.edit`,
 * `tasks.started`, `tasks.add_or_update_artifacts`, `tasks.completed`, `tasks.publish`) for "Create
 * project", with a file server beside it (`filesUrl`) for their files. The repository's one ClearML stand-in, imported as
 * `@mlops-portal/plugin-clearml-node/testUtils` by the ClearML plugin's tests, the scaffolder module's
 * tests, the end-to-end tests and the create-project stand-ins. Run it alone with
 * `yarn workspace @mlops-portal/plugin-clearml-node standin [port]` (default 8008).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** The access key the stand-in accepts by default (app-config.development.yaml uses it). */
export const ACCESS_KEY = 'PORTALDEVACCESSKEY';
/** The secret key the stand-in accepts by default (app-config.development.yaml uses it). */
export const SECRET_KEY = 'portal-dev-secret-key-for-the-standin';

/** A ClearML project as the stand-in holds it. */
export interface ClearmlStandinProject {
  id: string;
  name: string;
  description?: string;
  hidden?: boolean;
  system_tags?: string[];
}

/** What the stand-in serves: ClearML's own records, as loose as the API's JSON. */
export interface ClearmlStandinFixtures {
  projects: ClearmlStandinProject[];
  tasks: any[];
  scalars: Record<string, any>;
  models: any[];
  plots: Record<string, any[]>;
}

/** What the stand-in saw and the knobs of fault tests. */
export interface ClearmlStandinState {
  accessKey: string;
  secretKey: string;
  tokenTtlSeconds: number;
  /** Answers this late. */
  delayMs: number;
  /** The file server answers an upload this late. */
  filesDelayMs: number;
  /** Every call but auth.login answers this status. */
  failStatus: number | undefined;
  /** These calls (`tasks.completed`, or `fileserver` for uploads) answer the status given, until removed. */
  failEndpoints: Map<string, number>;
  /** What the file server holds, by the path it was uploaded to. */
  files: Map<string, Buffer>;
  logins: number;
  calls: Array<{
    endpoint: string;
    body: any;
    authorization: string;
    /** Every request header as received, lower-case names. */
    headers: http.IncomingHttpHeaders;
  }>;
  tokens: Map<string, number>;
}

/** The `clearml` block of an app config, as a test writes it. */
export type ClearmlConfigData = Record<string, string | number | undefined>;

/** A stand-in, created by {@link createClearmlStandin}. */
export interface ClearmlStandin {
  fixtures: ClearmlStandinFixtures;
  state: ClearmlStandinState;
  /** Where it listens; still the last address once stopped (tests of an unreachable ClearML). */
  readonly url: string;
  /**
   * Where its file server listens (ClearML's `fileserver`, `clearml.filesUrl`): `POST /` with one
   * multipart part per file, named by the path to store it at, and `GET /<path>`, both with a token the
   * API issued (as with the file server's authentication, on by default since ClearML Server 1.16).
   */
  readonly filesUrl: string;
  /**
   * The app config's `clearml` block for a client of this stand-in: its address and keys, the web app at
   * `https://portal.example.com/clearml` and 15 s a call (a busy test machine is slow); `overrides`
   * replace or add keys.
   */
  clearmlConfig(overrides?: ClearmlConfigData): ClearmlConfigData;
  /** Issued tokens answer 401 from now on. */
  revokeTokens(): void;
  /** Starts the API on `port` and the file server on `filesPort` (both default to a free port). */
  start(port?: number, filesPort?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Options of {@link createClearmlStandin}. */
export interface ClearmlStandinOptions {
  fixtures?: ClearmlStandinFixtures;
  accessKey?: string;
  secretKey?: string;
  tokenTtlSeconds?: number;
}

const hash = (text: string) =>
  crypto.createHash('md5').update(text).digest('hex');
const hexId = (seed: string) => hash(`id:${seed}`);

function lastMetrics(values: Array<[string, string, number, number, number]>) {
  const out: Record<string, Record<string, object>> = {};
  for (const [metric, variant, value, min, max] of values) {
    out[hash(metric)] ??= {};
    out[hash(metric)][hash(variant)] = {
      metric,
      variant,
      value,
      min_value: min,
      max_value: max,
    };
  }
  return out;
}

/** A task's user properties as ClearML answers them (`hyperparams.properties`): every value is text. */
function userProperties(values: Record<string, string>) {
  return {
    properties: Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        { section: 'properties', name, value, type: '' },
      ]),
    ),
  };
}

/** A training run as a generated project's `experiment.py` logs it, for the leaderboard. */
function leaderboardRun(run: {
  seed: string;
  name: string;
  project: string;
  completed: string;
  task: string;
  metric: string;
  score: number;
  higherIsBetter: boolean;
  datasetVersion: string;
  winner: string;
  components: string[];
}) {
  // a 20-minute search
  const started = new Date(Date.parse(run.completed) - 20 * 60_000)
    .toISOString()
    .replace('Z', '+00:00');
  return {
    id: hexId(run.seed),
    name: run.name,
    type: 'training',
    status: 'completed',
    project: run.project,
    created: started,
    started,
    completed: run.completed,
    last_update: run.completed,
    tags: [],
    system_tags: [],
    last_metrics: lastMetrics([
      ['held-out', run.metric, run.score, run.score, run.score],
    ]),
    hyperparams: userProperties({
      task: run.task,
      metric: run.metric,
      higher_is_better: String(run.higherIsBetter),
      dataset_version: run.datasetVersion,
      winner: run.winner,
      components: run.components.join(','),
    }),
  };
}

function curve(start: number, end: number, n: number, noise: number) {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(i * 10);
    const t = i / (n - 1);
    y.push(
      Number(
        (
          start +
          (end - start) * (1 - Math.exp(-4 * t)) +
          noise * Math.sin(i)
        ).toFixed(4),
      ),
    );
  }
  return { x, y };
}

/**
 * The table preview ClearML Data reports when a dataset version with a CSV is finalized
 * (`report_table('Tables', 'summary', ...)`): a Plotly table, one array of values per column.
 * Daily sales of three stores over two weeks.
 */
function salesPreviewPlot() {
  const stores = ['north', 'centre', 'south'];
  const columns = {
    date: [] as string[],
    store: [] as string[],
    sales: [] as number[],
    promo: [] as number[],
  };
  for (let day = 0; day < 14; day++) {
    const date = new Date(Date.UTC(2026, 10, 1 + day))
      .toISOString()
      .slice(0, 10);
    stores.forEach((store, i) => {
      const promo = (day + i) % 5 === 0;
      const weekly = [0.9, 1, 1, 1.05, 1.2, 1.5, 1.3][day % 7];
      columns.date.push(date);
      columns.store.push(store);
      columns.sales.push(
        Math.round(
          (120 + 40 * i) * weekly * (promo ? 1.25 : 1) +
            ((day * 7 + i * 3) % 11),
        ),
      );
      columns.promo.push(promo ? 1 : 0);
    });
  }
  return JSON.stringify({
    data: [
      {
        type: 'table',
        header: { values: Object.keys(columns) },
        cells: { values: Object.values(columns) },
      },
    ],
    layout: { title: 'Tables - summary' },
  });
}

/** No projects, experiments, models or datasets: a fresh ClearML server. */
export function emptyFixtures(): ClearmlStandinFixtures {
  return { projects: [], tasks: [], scalars: {}, models: [], plots: {} };
}

/**
 * Sample data: the project `sales-forecast` with three experiments, two models and two dataset versions;
 * for the cross-project leaderboard, its completed run says what it compared (its user properties and
 * held-out scores), and two more projects have such runs: `energy-demand` (forecasting, on the same
 * dataset version as `sales-forecast`, and on another metric) and `sensor-anomalies` (anomaly detection).
 */
export function sampleFixtures(): ClearmlStandinFixtures {
  const projectId = hexId('project:sales-forecast');
  const datasetProjectId = hexId(
    'project:sales-forecast/.datasets/store-sales',
  );
  const t1 = hexId('task:baseline');
  const t2 = hexId('task:automl');
  const t3 = hexId('task:automl-long');
  const energyId = hexId('project:energy-demand');
  const sensorsId = hexId('project:sensor-anomalies');
  const storeSales110 = hexId('task:dataset-v2');
  return {
    projects: [
      { id: projectId, name: 'sales-forecast' },
      { id: hexId('project:other'), name: 'sales-forecast-archive' },
      {
        id: datasetProjectId,
        name: 'sales-forecast/.datasets/store-sales',
        hidden: true,
      },
      { id: energyId, name: 'energy-demand' },
      { id: sensorsId, name: 'sensor-anomalies' },
    ],
    tasks: [
      {
        id: t3,
        name: 'automl forecaster (48h horizon)',
        type: 'training',
        status: 'in_progress',
        project: projectId,
        created: '2026-11-26T08:00:00.000+00:00',
        started: '2026-11-26T08:00:05.000+00:00',
        last_update: '2026-11-26T08:42:05.000+00:00',
        tags: ['automl'],
        system_tags: [],
        last_metrics: lastMetrics([
          ['MAE', 'validation', 12.71, 12.71, 30.2],
          ['MAPE', 'validation', 0.093, 0.093, 0.31],
        ]),
      },
      {
        id: t2,
        name: 'automl forecaster',
        type: 'training',
        status: 'completed',
        project: projectId,
        created: '2026-11-25T14:00:00.000+00:00',
        started: '2026-11-25T14:00:10.000+00:00',
        completed: '2026-11-25T14:31:40.000+00:00',
        last_update: '2026-11-25T14:31:40.000+00:00',
        tags: ['automl', 'best'],
        system_tags: [],
        last_metrics: lastMetrics([
          ['MAE', 'validation', 11.93, 11.93, 28.4],
          ['MAE', 'train', 9.02, 9.02, 25.1],
          ['MAPE', 'validation', 0.081, 0.081, 0.29],
          ['held-out', 'mase', 0.84, 0.84, 0.84],
          ['held-out', 'smape', 0.091, 0.091, 0.091],
        ]),
        hyperparams: userProperties({
          task: 'forecasting',
          metric: 'mase',
          higher_is_better: 'false',
          dataset_version: storeSales110,
          winner: 'theta',
          components: 'automl-forecasting,theta',
        }),
      },
      leaderboardRun({
        seed: 'task:energy-automl',
        name: 'energy-demand-automl-forecasting',
        project: energyId,
        completed: '2026-11-27T16:20:00.000+00:00',
        task: 'forecasting',
        metric: 'mase',
        score: 0.78,
        higherIsBetter: false,
        datasetVersion: storeSales110,
        winner: 'exponential-smoothing',
        components: ['automl-forecasting', 'exponential-smoothing'],
      }),
      leaderboardRun({
        seed: 'task:energy-automl-earlier',
        name: 'energy-demand-automl-forecasting',
        project: energyId,
        completed: '2026-11-22T11:05:00.000+00:00',
        task: 'forecasting',
        metric: 'mase',
        score: 0.97,
        higherIsBetter: false,
        datasetVersion: storeSales110,
        winner: 'seasonal-naive',
        components: ['automl-forecasting', 'seasonal-naive'],
      }),
      leaderboardRun({
        seed: 'task:energy-smape',
        name: 'energy-demand-automl-forecasting (sMAPE)',
        project: energyId,
        completed: '2026-11-28T09:10:00.000+00:00',
        task: 'forecasting',
        metric: 'smape',
        score: 0.064,
        higherIsBetter: false,
        datasetVersion: 'local-3f9a2c1e',
        winner: 'theta',
        components: ['automl-forecasting', 'theta'],
      }),
      leaderboardRun({
        seed: 'task:sensors-automl',
        name: 'sensor-anomalies-automl-anomaly',
        project: sensorsId,
        completed: '2026-11-29T13:45:00.000+00:00',
        task: 'anomaly-detection',
        metric: 'nab_standard',
        score: 61.5,
        higherIsBetter: true,
        datasetVersion: 'local-9b1d44aa',
        winner: 'rolling-z-score',
        components: ['automl-anomaly', 'rolling-z-score'],
      }),
      {
        id: t1,
        name: 'seasonal naive baseline',
        type: 'testing',
        status: 'failed',
        project: projectId,
        created: '2026-11-24T09:00:00.000+00:00',
        started: '2026-11-24T09:00:02.000+00:00',
        completed: '2026-11-24T09:01:02.000+00:00',
        last_update: '2026-11-24T09:01:02.000+00:00',
        tags: [],
        system_tags: [],
        last_metrics: {},
      },
      {
        id: hexId('task:dataset-v1'),
        name: 'store-sales',
        type: 'data_processing',
        status: 'completed',
        project: datasetProjectId,
        created: '2026-11-20T10:00:00.000+00:00',
        tags: [],
        system_tags: ['dataset'],
        runtime: { version: '1.0.0' },
      },
      {
        id: hexId('task:dataset-v2'),
        name: 'store-sales',
        type: 'data_processing',
        status: 'published',
        project: datasetProjectId,
        created: '2026-11-23T10:00:00.000+00:00',
        tags: ['clean'],
        system_tags: ['dataset'],
        runtime: { version: '1.1.0' },
      },
    ],
    // Plot events by task: version 1.1.0 has a table preview, 1.0.0 none.
    plots: {
      [hexId('task:dataset-v2')]: [
        {
          metric: 'Tables',
          variant: 'summary',
          iter: 0,
          type: 'plot',
          plot_str: salesPreviewPlot(),
        },
      ],
    },
    scalars: {
      [t2]: {
        MAE: {
          validation: curve(28.4, 11.93, 30, 0.4),
          train: curve(25.1, 9.02, 30, 0.3),
        },
        MAPE: { validation: curve(0.29, 0.081, 30, 0.004) },
      },
      [t3]: {
        MAE: { validation: curve(30.2, 12.71, 20, 0.5) },
        MAPE: { validation: curve(0.31, 0.093, 20, 0.004) },
      },
    },
    models: [
      {
        id: hexId('model:automl'),
        name: 'automl forecaster - best',
        framework: 'ScikitLearn',
        ready: true,
        created: '2026-11-25T14:31:40.000+00:00',
        task: t2,
        project: projectId,
        tags: ['best'],
      },
      {
        id: hexId('model:automl-long'),
        name: 'automl forecaster (48h) - checkpoint',
        framework: 'ScikitLearn',
        ready: false,
        created: '2026-11-26T08:40:00.000+00:00',
        task: t3,
        project: projectId,
        tags: [],
      },
    ],
  };
}

/** ClearML's `only_fields`: field names, or dotted paths into nested objects (`hyperparams.properties`). */
function pick(object: Record<string, any>, fields: unknown) {
  if (!Array.isArray(fields)) return object;
  const out: Record<string, any> = {};
  for (const f of fields) {
    const path = String(f).split('.');
    let value: any = object;
    for (const key of path) value = value?.[key];
    if (value === undefined) continue;
    let target = out;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return out;
}

/** ClearML's task types (`task_type_enum` of the API schema). */
const TASK_TYPES = [
  'training',
  'testing',
  'inference',
  'data_processing',
  'application',
  'monitor',
  'controller',
  'optimizer',
  'service',
  'qc',
  'custom',
];

const asList = (value: unknown): any[] | undefined =>
  value === undefined ? undefined : ([] as unknown[]).concat(value);

/**
 * Creates the stand-in. Knobs for fault tests: `tokenTtlSeconds`, `delayMs` (answers that late),
 * `failStatus` (every call but auth.login answers it), `revokeTokens()` (issued tokens answer 401).
 */
export function createClearmlStandin(
  options: ClearmlStandinOptions = {},
): ClearmlStandin {
  const fixtures = options.fixtures ?? sampleFixtures();
  const state: ClearmlStandinState = {
    accessKey: options.accessKey ?? ACCESS_KEY,
    secretKey: options.secretKey ?? SECRET_KEY,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    delayMs: 0,
    filesDelayMs: 0,
    failStatus: undefined,
    failEndpoints: new Map(),
    files: new Map(),
    logins: 0,
    calls: [],
    tokens: new Map(),
  };

  function reply(
    res: http.ServerResponse,
    status: number,
    data?: unknown,
    message?: string,
    headers: http.OutgoingHttpHeaders = {},
  ) {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(
      JSON.stringify({
        meta: {
          id: crypto.randomUUID(),
          trx: crypto.randomUUID(),
          endpoint: {
            name: '',
            requested_version: '2.30',
            actual_version: '2.30',
          },
          result_code: status,
          result_subcode: 0,
          result_msg: message ?? 'OK',
          error_stack: '',
        },
        data: status === 200 ? data : {},
      }),
    );
  }

  function issueToken() {
    const exp = Math.floor(Date.now() / 1000) + state.tokenTtlSeconds;
    const b64 = (o: object) =>
      Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
      identity: { user: 'portal', company: 'd1bd92a3b039400cbafc60a7a5b1e52b' },
      exp,
      iat: exp - state.tokenTtlSeconds,
    })}.${crypto.randomBytes(16).toString('base64url')}`;
    state.tokens.set(token, exp * 1000);
    return token;
  }

  /** The task to change, or ClearML's error for an unknown id or a status the call does not accept. */
  function taskFor(
    id: unknown,
    statuses: string[] | undefined,
  ): { task?: any; error?: [number, string] } {
    const task = fixtures.tasks.find(t => t.id === id);
    if (!task) {
      return { error: [400, `Invalid task id: id=${id}`] };
    }
    if (statuses && !statuses.includes(task.status)) {
      return {
        error: [
          400,
          `Invalid task status: expected=${statuses.join(',')}, status=${
            task.status
          }`,
        ],
      };
    }
    task.execution ??= { artifacts: [] };
    return { task };
  }

  /** Applies a status change as the server does and answers what it updated. */
  function statusChange(
    task: any,
    change: { status?: string; started?: boolean; completed?: boolean },
  ) {
    const now = new Date().toISOString().replace('Z', '+00:00');
    const fields: Record<string, string> = { last_update: now };
    if (change.status) {
      task.status = change.status;
      fields.status = change.status;
    }
    if (change.started) fields.started = task.started = now;
    if (change.completed) fields.completed = task.completed = now;
    task.last_update = now;
    return { updated: 1, fields };
  }

  function handle(endpoint: string, body: any): any {
    const projectFilter = asList(body.project);
    const hiddenOk = body.search_hidden === true;
    switch (endpoint) {
      case 'projects.get_all': {
        const re = body.name ? new RegExp(body.name) : undefined;
        const projects = fixtures.projects
          .filter(p => (!p.hidden || hiddenOk) && (!re || re.test(p.name)))
          .map(p =>
            pick(
              { id: p.id, name: p.name, system_tags: p.system_tags ?? [] },
              body.only_fields,
            ),
          );
        return { projects };
      }
      case 'tasks.get_all': {
        const ids = asList(body.id);
        const types = asList(body.type);
        const systemTags = asList(body.system_tags);
        const statuses = asList(body.status);
        const tasks = fixtures.tasks
          .filter(t => !projectFilter || projectFilter.includes(t.project))
          .filter(t => !ids || ids.includes(t.id))
          .filter(t => !types || types.includes(t.type))
          .filter(t => !statuses || statuses.includes(t.status))
          .filter(
            t =>
              !systemTags || systemTags.every(s => t.system_tags.includes(s)),
          )
          .filter(
            t =>
              hiddenOk ||
              !fixtures.projects.find(p => p.id === t.project)?.hidden,
          )
          .sort((a, b) =>
            (b.last_update ?? b.created).localeCompare(
              a.last_update ?? a.created,
            ),
          )
          .slice(0, body.page_size ?? 500)
          .map(t => pick(t, body.only_fields));
        return { tasks };
      }
      case 'events.scalar_metrics_iter_histogram': {
        if (!fixtures.tasks.find(t => t.id === body.task)) {
          return { error: [400, `Invalid task id: id=${body.task}`] };
        }
        const scalars = fixtures.scalars[body.task] ?? {};
        const out: Record<string, Record<string, object>> = {};
        for (const [metric, variants] of Object.entries<any>(scalars)) {
          out[metric] = {};
          for (const [variant, s] of Object.entries<any>(variants)) {
            out[metric][variant] = { name: variant, x: s.x, y: s.y };
          }
        }
        return out;
      }
      case 'events.get_task_plots': {
        if (!fixtures.tasks.find(t => t.id === body.task)) {
          return { error: [400, `Invalid task id: id=${body.task}`] };
        }
        const wanted = (body.metrics ?? []).map(
          (m: { metric: string }) => m.metric,
        );
        const plots = (fixtures.plots?.[body.task] ?? [])
          .filter(p => wanted.length === 0 || wanted.includes(p.metric))
          .map(p => ({ ...p, task: body.task, timestamp: 1795000000000 }));
        return { plots, returned: plots.length, total: plots.length };
      }
      case 'models.get_all': {
        const models = fixtures.models
          .filter(m => !projectFilter || projectFilter.includes(m.project))
          .slice(0, body.page_size ?? 500)
          .map(m => pick(m, body.only_fields));
        return { models };
      }
      case 'projects.create': {
        if (fixtures.projects.some(p => p.name === body.name)) {
          return {
            error: [
              400,
              `Project with the same name already exists (name=${body.name})`,
            ],
          };
        }
        if (typeof body.name !== 'string' || !body.name.trim()) {
          return { error: [400, 'Validation error (name is required)'] };
        }
        const id = hexId(`project:${body.name}`);
        const systemTags: string[] = asList(body.system_tags) ?? [];
        fixtures.projects.push({
          id,
          name: body.name,
          ...(body.description ? { description: body.description } : {}),
          ...(systemTags.length ? { system_tags: systemTags } : {}),
          ...(systemTags.includes('hidden') ? { hidden: true } : {}),
        });
        return { id };
      }
      case 'tasks.create': {
        if (typeof body.name !== 'string' || !body.name) {
          return { error: [400, 'Validation error (name is required)'] };
        }
        if (!TASK_TYPES.includes(body.type)) {
          return {
            error: [
              400,
              `Validation error (type must be one of ${TASK_TYPES.join(', ')})`,
            ],
          };
        }
        if (
          body.project &&
          !fixtures.projects.some(p => p.id === body.project)
        ) {
          return { error: [400, `Invalid project id: id=${body.project}`] };
        }
        const id = crypto.randomUUID().replace(/-/g, '');
        const now = new Date().toISOString().replace('Z', '+00:00');
        fixtures.tasks.push({
          id,
          name: body.name,
          type: body.type,
          status: 'created',
          project: body.project,
          created: now,
          last_update: now,
          tags: asList(body.tags) ?? [],
          system_tags: asList(body.system_tags) ?? [],
          comment: body.comment ?? '',
          runtime: {},
          hyperparams: {},
          execution: { artifacts: [] },
        });
        return { id };
      }
      case 'tasks.edit': {
        const found = taskFor(body.task, body.force ? undefined : ['created']);
        if (found.error) return found;
        const task = found.task;
        for (const field of [
          'name',
          'tags',
          'system_tags',
          'comment',
          'runtime',
          'hyperparams',
        ]) {
          if (body[field] !== undefined) task[field] = body[field];
        }
        return statusChange(task, {});
      }
      case 'tasks.started': {
        const found = taskFor(
          body.task,
          body.force ? undefined : ['created', 'queued'],
        );
        if (found.error) return found;
        const started = found.task.status === 'in_progress' ? 0 : 1;
        return {
          ...statusChange(found.task, { status: 'in_progress', started: true }),
          started,
        };
      }
      case 'tasks.add_or_update_artifacts': {
        // the server always forces here: a running task's artifacts may change too
        const found = taskFor(body.task, ['created', 'in_progress']);
        if (found.error) return found;
        if (!Array.isArray(body.artifacts)) {
          return { error: [400, 'Validation error (artifacts is required)'] };
        }
        for (const a of body.artifacts) {
          if (typeof a?.key !== 'string' || typeof a?.type !== 'string') {
            return {
              error: [400, 'Validation error (an artifact needs key and type)'],
            };
          }
        }
        const byId = new Map<string, any>(
          found.task.execution.artifacts.map((a: any) => [
            `${a.key}_${a.mode ?? 'output'}`,
            a,
          ]),
        );
        for (const a of body.artifacts) {
          byId.set(`${a.key}_${a.mode ?? 'output'}`, {
            mode: 'output',
            ...a,
          });
        }
        found.task.execution.artifacts = [...byId.values()].sort((a, b) =>
          a.key.localeCompare(b.key),
        );
        statusChange(found.task, {});
        return { updated: 1 };
      }
      case 'tasks.completed': {
        const found = taskFor(
          body.task,
          body.force ? undefined : ['in_progress', 'stopped'],
        );
        if (found.error) return found;
        return statusChange(found.task, {
          status: 'completed',
          completed: true,
        });
      }
      case 'tasks.publish': {
        const found = taskFor(
          body.task,
          body.force ? undefined : ['completed', 'stopped'],
        );
        if (found.error) return found;
        return statusChange(found.task, { status: 'published' });
      }
      default:
        return { error: [400, `Unknown endpoint ${endpoint}`] };
    }
  }

  let lastUrl = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const endpoint = (req.url ?? '').replace(/^\/+/, '').split('?')[0];
      let body: any = {};
      try {
        body = chunks.length
          ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
          : {};
      } catch {
        reply(res, 400, undefined, 'Invalid JSON');
        return;
      }
      const auth = req.headers.authorization ?? '';
      state.calls.push({
        endpoint,
        body,
        authorization: auth,
        headers: req.headers,
      });
      const answer = () => {
        if (endpoint === 'auth.login') {
          const expected = `Basic ${Buffer.from(
            `${state.accessKey}:${state.secretKey}`,
          ).toString('base64')}`;
          if (req.method !== 'POST' || auth !== expected) {
            reply(res, 401, undefined, 'Unauthorized (invalid credentials)');
            return;
          }
          state.logins += 1;
          // As ClearML's API server does, for its web app: the session cookie beside the token.
          const token = issueToken();
          reply(res, 200, { token }, undefined, {
            'Set-Cookie': `clearml_token_basic=${token}; Path=/; HttpOnly`,
          });
          return;
        }
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        const expiresAt = state.tokens.get(token);
        if (expiresAt === undefined || expiresAt <= Date.now()) {
          reply(res, 401, undefined, 'Unauthorized (invalid token)');
          return;
        }
        const failStatus =
          state.failStatus ?? state.failEndpoints.get(endpoint);
        if (failStatus) {
          reply(res, failStatus, undefined, 'General data error');
          return;
        }
        const data = handle(endpoint, body);
        if (data && data.error) {
          reply(res, data.error[0], undefined, data.error[1]);
          return;
        }
        reply(res, 200, data);
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });

  // ClearML's file server: uploads as multipart parts named by their target path, downloads by path;
  // plain-text errors, as its Flask app answers them.
  const files = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const plain = (status: number, text: string) => {
        res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(text);
      };
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ')) {
        plain(401, 'Unauthorized');
        return;
      }
      const expiresAt = state.tokens.get(auth.slice(7));
      if (expiresAt === undefined || expiresAt <= Date.now()) {
        plain(401, 'Invalid token');
        return;
      }
      const failStatus = state.failEndpoints.get('fileserver');
      if (failStatus) {
        plain(failStatus, 'Internal Server Error');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://fileserver');
      if (req.method === 'GET' && url.pathname !== '/') {
        const content = state.files.get(
          decodeURIComponent(url.pathname.slice(1)),
        );
        if (!content) {
          plain(404, 'Not Found');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(content);
        return;
      }
      if (req.method !== 'POST' || url.pathname !== '/') {
        plain(405, 'Method Not Allowed');
        return;
      }
      let form: FormData;
      try {
        form = await new Request('http://fileserver/', {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body: Buffer.concat(chunks),
        }).formData();
      } catch {
        plain(400, 'Bad Request');
        return;
      }
      const saved: string[] = [];
      for (const [name, value] of form.entries()) {
        if (!name || typeof value === 'string') continue;
        const target = name.replace(/^\/+/, '');
        if (target.split('/').some(part => part === '..')) {
          plain(404, 'Not Found');
          return;
        }
        state.files.set(target, Buffer.from(await value.arrayBuffer()));
        saved.push(target);
      }
      if (state.filesDelayMs > 0) {
        await new Promise(resolve => setTimeout(resolve, state.filesDelayMs));
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(JSON.stringify(saved));
    });
  });
  let filesPort = 0;

  const listen = (s: http.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () =>
        resolve((s.address() as AddressInfo).port),
      );
    });
  const close = (s: http.Server) => {
    s.closeAllConnections();
    return new Promise<void>(resolve => s.close(() => resolve()));
  };

  const standin: ClearmlStandin = {
    fixtures,
    state,
    get url() {
      const address = server.address() as AddressInfo | null;
      if (address) lastUrl = `http://127.0.0.1:${address.port}`;
      return lastUrl;
    },
    get filesUrl() {
      return filesPort ? `http://127.0.0.1:${filesPort}` : '';
    },
    clearmlConfig(overrides) {
      return {
        apiUrl: standin.url,
        webUrl: 'https://portal.example.com/clearml',
        accessKey: state.accessKey,
        secretKey: state.secretKey,
        timeoutMs: 15000,
        ...overrides,
      };
    },
    revokeTokens() {
      state.tokens.clear();
    },
    async start(port = 0, wantedFilesPort?: number) {
      await listen(server, port);
      // started again after a stop, the file server keeps its address
      filesPort = await listen(files, wantedFilesPort ?? filesPort);
      return standin.url;
    },
    async stop() {
      await Promise.all([close(server), close(files)]);
    },
  };
  return standin;
}

/**
 * In a Jest test file: a fresh stand-in for each test, started before it and stopped after it. Read it
 * through the returned function (`standin().url`), which answers the current test's stand-in.
 */
export function clearmlStandinPerTest(
  options?: ClearmlStandinOptions,
): () => ClearmlStandin {
  let standin: ClearmlStandin | undefined;
  beforeEach(async () => {
    standin = createClearmlStandin(options);
    await standin.start();
  });
  afterEach(async () => {
    await standin?.stop();
    standin = undefined;
  });
  return () => {
    if (!standin)
      throw new Error('the ClearML stand-in runs only during a test');
    return standin;
  };
}
