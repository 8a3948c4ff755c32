#!/usr/bin/env node
/*
 * Times "Create project" end to end on loopback: the real portal with the GitLab (real git server) and
 * ClearML stand-ins, one forecasting template run from the API call to the registered entity in the
 * catalog. Prints JSON figures with where the time goes; the goal is at most 5 s.
 *   scripts/build-app.sh && node bench/create-project.js [runs]
 */
const os = require('node:os');
// @mlops-portal/portal-test-utils is TypeScript: loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  guestToken,
  startCreateProjectStandins,
  startPortal,
} = require('@mlops-portal/portal-test-utils');

async function api(portal, token, method, path, body) {
  const res = await fetch(`${portal.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: res.status,
    body: res.ok ? await res.json() : await res.text(),
  };
}

async function until(what, probe, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/*
 * The phases of a run, each ending at a line the backend logs (with millisecond timestamps): the task
 * events the API serves carry whole seconds only. A phase lasts from the previous mark to its own.
 */
const PHASES = [
  [
    'task picked up, mlops:gitlabRepo:check',
    /The GitLab repository can be created/,
  ],
  ['fetch:template (the skeleton)', /Template result written/],
  ['fetch:plain (sample data)', /Fetching plain content/],
  ['mlops:components:compose', /Composed the project from the catalog/],
  [
    'mlops:clearmlProject:create',
    /(Created|Reusing) the (existing )?ClearML project/,
  ],
  ['publish:gitlab: create the repository', /Creating repo /],
  ['publish:gitlab: git init, add, commit', /Pushing directory to remote/],
  [
    'git push, read catalog-info.yaml back',
    /catalog\.location-mutate .*"initiated"/,
  ],
  [
    'catalog: location processed, entity visible',
    /Registered the project in the catalog/,
  ],
];

/** Milliseconds per phase from the backend log lines written since the run started. */
function phases(lines, startedMs, doneMs) {
  const marks = [];
  let from = 0;
  for (const [label, pattern] of PHASES) {
    for (let i = from; i < lines.length; i++) {
      // eslint-disable-next-line no-control-regex
      const line = lines[i].replace(/\x1b\[[0-9;]*m/g, '');
      const time = Date.parse(line.split(' ')[0]);
      if (pattern.test(line) && !Number.isNaN(time)) {
        marks.push([label, time]);
        from = i + 1;
        break;
      }
    }
  }
  const out = {};
  let previous = startedMs;
  for (const [label, time] of marks) {
    out[label] = time - previous;
    previous = time;
  }
  out['task completion seen through the API'] = doneMs - previous;
  return out;
}

async function main() {
  const runs = Number(process.argv[2] ?? 3);
  // the benchmark times the task alone: no pipeline runs beside it
  const standins = await startCreateProjectStandins({ runPipelines: false });
  const portal = await startPortal({ config: standins.config });
  try {
    const token = await guestToken(portal.url);
    await until(
      'the templates in the catalog',
      async () =>
        (
          await api(
            portal,
            token,
            'GET',
            '/api/catalog/entities/by-name/template/default/forecasting-project',
          )
        ).status === 200,
    );
    const seconds = [];
    const steps = [];
    for (let i = 0; i < runs; i++) {
      const name = `bench-${Date.now().toString(36)}`;
      const firstLine = portal.lines.length;
      const started = Date.now();
      const created = await api(
        portal,
        token,
        'POST',
        '/api/scaffolder/v2/tasks',
        {
          templateRef: 'template:default/forecasting-project',
          values: {
            name,
            description: 'A benchmark run of the forecasting template',
            owner: 'group:default/researchers',
            components: ['component:default/automl-forecasting'],
            dataset: 'sample',
            repoUrl: `${standins.gitlab.host}?owner=${standins.group}&repo=${name}`,
          },
        },
      );
      if (created.status !== 201)
        throw new Error(`task not created: ${created.status} ${created.body}`);
      const task = await until('the task', async () => {
        const t = await api(
          portal,
          token,
          'GET',
          `/api/scaffolder/v2/tasks/${created.body.id}`,
        );
        return ['completed', 'failed'].includes(t.body.status)
          ? t.body
          : undefined;
      });
      if (task.status !== 'completed') {
        const events = await api(
          portal,
          token,
          'GET',
          `/api/scaffolder/v2/tasks/${created.body.id}/events`,
        );
        const log = events.body.map(e => e.body.message).join('\n');
        throw new Error(`the task failed:\n${log}`);
      }
      const taskDone = Date.now();
      await until(
        'the entity',
        async () =>
          (
            await api(
              portal,
              token,
              'GET',
              `/api/catalog/entities/by-name/component/default/${name}`,
            )
          ).status === 200,
      );
      seconds.push((Date.now() - started) / 1000);
      steps.push({
        taskSeconds: (taskDone - started) / 1000,
        // the register step waits for the entity, so this is only the look-up
        entityAfterTaskSeconds: (Date.now() - taskDone) / 1000,
        phasesMs: phases(portal.lines.slice(firstLine), started, taskDone),
      });
    }
    const sorted = [...seconds].sort((a, b) => a - b);
    console.log(
      JSON.stringify(
        {
          benchmark:
            'create-project (forecasting template, API call to entity in the catalog, loopback stand-ins)',
          runs,
          seconds,
          medianSeconds: sorted[Math.floor(sorted.length / 2)],
          loadAverage: os.loadavg().map(l => Number(l.toFixed(2))),
          cpus: os.cpus().length,
          steps,
          goalSeconds: 5,
        },
        null,
        2,
      ),
    );
  } finally {
    await portal.stop();
    await standins.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
