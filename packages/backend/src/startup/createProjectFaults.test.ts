/*
 * "Create project" when the backend stops under a running task, with real processes: the portal started
 * as scripts/start.sh starts it (its SQLite files in a folder that outlives the process, so a restart
 * finds the task again), the GitLab stand-in with a real git server and the ClearML stand-in. The GitLab
 * stand-in holds the task's `git push`, so the backend is stopped exactly while the repository exists and
 * its first commit is in flight — no timing guesses. The same hold, never released, is a GitLab that hangs.
 */
import {
  CreateProjectStandins,
  Portal,
  guestToken,
  startCreateProjectStandins,
  startPortal,
  startPrivatePostgres,
  until,
} from '@mlops-portal/portal-test-utils';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(300_000);

/** How soon the janitor must end a cut task in these tests (production: 5 minutes + 1, app-config.yaml). */
const TASK_TIMEOUT_S = 8;
const JANITOR_FREQUENCY_S = 2;

let standins: CreateProjectStandins;
const running: Portal[] = [];

beforeAll(async () => {
  // pipelines stay `created`: these tests end at the task, and share the machine with nothing else
  standins = await startCreateProjectStandins({ runPipelines: false });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map(p => p.stop()));
});
afterAll(async () => {
  await standins?.close();
});

async function start(
  options: {
    dataDir?: string;
    port?: number;
    scaffolder?: Record<string, unknown>;
    backend?: Record<string, unknown>;
  } = {},
) {
  const { scaffolder, backend, ...rest } = options;
  const portal = await startPortal({
    ...rest,
    config: {
      ...standins.config,
      ...(backend ? { backend } : {}),
      scaffolder: {
        ...(standins.config.scaffolder as object),
        taskTimeout: `${TASK_TIMEOUT_S}s`,
        taskTimeoutJanitorFrequency: `${JANITOR_FREQUENCY_S}s`,
        ...scaffolder,
      },
    },
  });
  running.push(portal);
  return portal;
}

async function api(
  portal: Portal,
  token: string,
  method: string,
  url: string,
  body?: unknown,
) {
  const res = await fetch(`${portal.url}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The component each test's project is built from. */
const CHOSEN_COMPONENT = 'component:default/automl-forecasting';

const values = (name: string) => ({
  name,
  description: 'A project whose backend stops mid-run',
  owner: 'group:default/researchers',
  components: [CHOSEN_COMPONENT],
  dataset: 'sample',
  budgetMinutes: 1,
  targetColumn: 'Passengers',
  frequency: 'MS',
  horizon: 12,
  repoUrl: `${standins.gitlab.host}?owner=${standins.group}&repo=${name}`,
});

/**
 * Whether the chosen component and every part it is built from (its `dependsOn`, all the way down) are
 * in the catalog: before that, Create project refuses the choice, as it should.
 */
async function componentsIn(portal: Portal, token: string, ref: string) {
  const seen = new Set<string>();
  const queue = [ref];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const [kind, rest] = next.split(':');
    const [namespace, name] = rest.split('/');
    const res = await api(
      portal,
      token,
      'GET',
      `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    );
    if (res.status !== 200) return false;
    for (const r of res.body.relations ?? []) {
      if (r.type === 'dependsOn') queue.push(r.targetRef);
    }
  }
  return true;
}

/**
 * The portal, signed in as the development researcher, with the forecasting template and the chosen
 * component's whole composition in its catalog.
 */
async function signedIn(portal: Portal) {
  const token = await guestToken(portal.url);
  await until(
    'the template and the chosen components in the catalog',
    async () => {
      const res = await api(
        portal,
        token,
        'GET',
        '/api/catalog/entities/by-name/template/default/forecasting-project',
      );
      return (
        res.status === 200 && componentsIn(portal, token, CHOSEN_COMPONENT)
      );
    },
  );
  return token;
}

async function createTask(portal: Portal, token: string, name: string) {
  const created = await api(portal, token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/forecasting-project',
    values: values(name),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function taskEnd(
  portal: Portal,
  token: string,
  id: string,
  timeoutMs = 120_000,
) {
  const task = await until(
    'the task to end',
    async () => {
      const res = await api(
        portal,
        token,
        'GET',
        `/api/scaffolder/v2/tasks/${id}`,
      );
      return ['completed', 'failed', 'cancelled'].includes(res.body?.status)
        ? res.body
        : undefined;
    },
    timeoutMs,
  );
  const events = await api(
    portal,
    token,
    'GET',
    `/api/scaffolder/v2/tasks/${id}/events`,
  );
  const completion = (events.body as { type: string; body: any }[]).find(
    e => e.type === 'completion',
  );
  return {
    status: task.status as string,
    message: completion?.body?.message as string | undefined,
    error: completion?.body?.error?.message as string | undefined,
  };
}

const delay = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Starts a Create-project task for `name` with the GitLab stand-in holding its push, and waits until the
 * push is held; fails at once, with the task's own error, if the task ends before it gets there.
 */
async function createTaskHeldAtPush(
  portal: Portal,
  token: string,
  name: string,
) {
  const push = standins.gitlab.hold('push');
  const id = await createTask(portal, token, name);
  const reached = push.reached.then(() => true);
  while (!(await Promise.race([reached, delay(500).then(() => false)]))) {
    const res = await api(
      portal,
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(res.body?.status)) {
      const ended = await taskEnd(portal, token, id);
      throw new Error(
        `the task ended (${ended.status}) before its push: ${
          ended.error ?? ended.message
        }`,
      );
    }
  }
  return { id, push };
}

/** A task that ended `completed`, with no error. */
async function expectCompleted(
  portal: Portal,
  token: string,
  id: string,
  timeoutMs?: number,
) {
  const done = await taskEnd(portal, token, id, timeoutMs);
  expect({ status: done.status, error: done.error }).toEqual({
    status: 'completed',
    error: undefined,
  });
}

/** What a whole run leaves of a project (`whatExists`): one of each, whatever was cut and retried. */
const MADE_ONCE = {
  repositories: 1,
  commits: 1,
  clearmlProjects: 1,
  datasetVersions: 1,
  entities: 1,
};

/** What exists of the project: repositories, commits on main, ClearML projects, catalog entities. */
async function whatExists(portal: Portal, token: string, name: string) {
  const repos = standins.gitlab.projects.filter(p => p.path === name);
  const log = await promisify(execFile)('git', ['log', '--format=%s', 'main'], {
    cwd: path.join(standins.gitlab.reposRoot, standins.group, `${name}.git`),
  }).catch(() => ({ stdout: '' })); // no main yet: an empty repository
  const commits = log.stdout.split('\n').filter(Boolean);
  const entities = await api(
    portal,
    token,
    'GET',
    `/api/catalog/entities/by-query?filter=kind=component,metadata.name=${name}`,
  );
  return {
    repositories: repos.length,
    commits: commits.length,
    clearmlProjects: standins.clearml!.fixtures.projects.filter(
      p => p.name === `forecasting/${name}`,
    ).length,
    // the sample data's first version (ClearML Data keeps it in <project>/.datasets/<name>)
    datasetVersions: standins.clearml!.fixtures.tasks.filter(
      t =>
        t.system_tags.includes('dataset') &&
        t.status === 'published' &&
        standins.clearml!.fixtures.projects.some(
          p =>
            p.id === t.project &&
            p.name === `forecasting/${name}/.datasets/${name}-data`,
        ),
    ).length,
    entities: entities.body.items.length,
  };
}

/** Waits for the project's catalog entity, then expects one of each: whatever was cut and retried. */
async function expectMadeOnce(portal: Portal, token: string, name: string) {
  await until(`${name} in the catalog`, async () =>
    (await whatExists(portal, token, name)).entities === 1 ? 1 : 0,
  );
  expect(await whatExists(portal, token, name)).toEqual(MADE_ONCE);
}

/** Retries a failed task, as the task page's "Retry" does, and expects it to complete. */
async function retryToCompletion(portal: Portal, token: string, id: string) {
  const retried = await api(
    portal,
    token,
    'POST',
    `/api/scaffolder/v2/tasks/${id}/retry`,
    {},
  );
  expect(retried.status).toBe(201);
  await expectCompleted(portal, token, id);
}

describe('a Create-project task when the backend stops mid-run', () => {
  it('killed (SIGKILL) mid-publish: the task ends failed within the task timeout, and its retry completes with one repository, one ClearML project, one dataset version, one catalog entity', async () => {
    const first = await start();
    let token = await signedIn(first);
    const { id, push } = await createTaskHeldAtPush(first, token, 'cut-one');

    process.kill(-first.pid, 'SIGKILL');
    await first.exited;
    push.release(); // its client is gone: the stand-in drops the push, as GitLab would
    expect(standins.gitlab.projects.map(p => p.path)).toContain('cut-one');

    const restarted = await start({ dataDir: first.dataDir, port: first.port });
    token = await signedIn(restarted);
    const started = Date.now();
    const cut = await taskEnd(restarted, token, id, 60_000);
    // generous: the janitor's period on top of the timeout, and a busy machine
    expect(Date.now() - started).toBeLessThan(
      (TASK_TIMEOUT_S + 3 * JANITOR_FREQUENCY_S + 20) * 1000,
    );
    expect(cut).toEqual({
      status: 'failed',
      message: 'This task was marked as stale as it exceeded its timeout',
      error: undefined,
    });

    await retryToCompletion(restarted, token, id);
    await expectMadeOnce(restarted, token, 'cut-one');
  });

  it('stopped (SIGTERM) mid-publish: the running task finishes before the backend exits', async () => {
    const first = await start();
    let token = await signedIn(first);
    const { id, push } = await createTaskHeldAtPush(
      first,
      token,
      'drained-one',
    );

    process.kill(first.pid, 'SIGTERM');
    // the backend has begun to stop: readiness says so (or, unprotected, it no longer answers at all)
    await until('the backend to begin stopping', async () => {
      if (first.exitCode !== null) return true;
      const res = await fetch(
        `${first.url}/.backstage/health/v1/readiness`,
      ).catch(() => undefined);
      return !res || res.status === 503;
    });
    push.release();
    expect(await first.exited).toBe(0);

    const restarted = await start({ dataDir: first.dataDir, port: first.port });
    token = await signedIn(restarted);
    await expectCompleted(restarted, token, id, 10_000);
    await expectMadeOnce(restarted, token, 'drained-one');
  });
});

// THREATS 36: PostgreSQL stopped and started again (as `docker restart postgres` does) while a task runs.
describe('a Create-project task while PostgreSQL restarts', () => {
  it('completes with one repository, one ClearML project, one catalog entity, without a restart of the portal', async () => {
    // A server of this test's own: stopping the shared one would disturb the other tests.
    const pg = await startPrivatePostgres();
    try {
      const portal = await start({
        backend: {
          database: {
            client: 'pg',
            connection: {
              host: pg.host,
              port: Number(pg.port),
              user: 'postgres',
              password: '',
            },
          },
        },
        // the janitor's limit of production, not this file's short one: the restart is no stale task
        scaffolder: { taskTimeout: '5m' },
      });
      const token = await signedIn(portal);
      const { id, push } = await createTaskHeldAtPush(
        portal,
        token,
        'pg-restart',
      );

      pg.stop();
      const readiness = async () =>
        (await fetch(`${portal.url}/.backstage/health/v1/readiness`)).status;
      await until('readiness to say the database is down', async () =>
        (await readiness()) === 503 ? true : undefined,
      );
      pg.start();
      await until('readiness to recover', async () =>
        (await readiness()) === 200 ? true : undefined,
      );
      push.release();

      await expectCompleted(portal, token, id);
      await expectMadeOnce(portal, token, 'pg-restart');
      expect(portal.exitCode).toBeNull();
    } finally {
      await Promise.all(running.splice(0).map(p => p.stop()));
      pg.close();
    }
  }, 600_000);
});

describe('more Create-project tasks than scaffolder.concurrentTasksLimit', () => {
  it('queues the tasks beyond the limit and completes them all', async () => {
    const portal = await start({ scaffolder: { concurrentTasksLimit: 2 } });
    const token = await signedIn(portal);
    const push = standins.gitlab.hold('push');
    const names = ['queued-a', 'queued-b', 'queued-c', 'queued-d'];
    const ids: string[] = [];
    for (const name of names) ids.push(await createTask(portal, token, name));
    await push.reached;

    const statuses = async () =>
      Promise.all(
        ids.map(
          async id =>
            (await api(portal, token, 'GET', `/api/scaffolder/v2/tasks/${id}`))
              .body.status as string,
        ),
      );
    // two run (held at their push), the others wait their turn
    const waiting = await until('two tasks running, two queued', async () => {
      const now = await statuses();
      return now.filter(s => s === 'processing').length === 2 &&
        now.filter(s => s === 'open').length === 2
        ? now
        : undefined;
    });
    expect(waiting.sort()).toEqual([
      'open',
      'open',
      'processing',
      'processing',
    ]);

    push.release();
    for (const id of ids) {
      await expectCompleted(portal, token, id);
    }
    for (const name of names) {
      await expectMadeOnce(portal, token, name);
    }
  });
});

// THREATS 38: GitLab takes the connection and never answers the push (a hung GitLab, a proxy that
// swallows the request).
describe('a Create-project task when GitLab hangs on the push', () => {
  it('fails within two minutes under the step "GitLab repository" saying the request timed out, without the token, and its retry once GitLab answers completes with one of each', async () => {
    const portal = await start();
    const token = await signedIn(portal);
    const { id, push } = await createTaskHeldAtPush(portal, token, 'hung-one');

    // upstream publish:gitlab gives each push attempt a time limit and tries six times (about 90 s)
    const hung = await taskEnd(portal, token, id, 120_000);
    push.release(); // its client gave up: the stand-in drops the pushes, as GitLab would
    expect(hung).toEqual({
      status: 'failed',
      message: 'Run completed with status: failed',
      error: 'Request timed out',
    });
    const events = await api(
      portal,
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    // the researcher sees the error under the step "GitLab repository", and no token anywhere
    const failed = (events.body as { body: any }[]).find(
      e => e.body?.status === 'failed' && e.body?.stepId,
    );
    expect(failed?.body.stepId).toBe('publish');
    expect(JSON.stringify(events.body)).not.toContain(standins.token);
    // the repository was created before the push: it is there, empty
    expect(await whatExists(portal, token, 'hung-one')).toMatchObject({
      repositories: 1,
      commits: 0,
    });

    await retryToCompletion(portal, token, id);
    await expectMadeOnce(portal, token, 'hung-one');
  });
});
