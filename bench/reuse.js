#!/usr/bin/env node
/*
 * The reuse map at scale: registers synthetic components (atoms, molecules, organisms; 2 % deprecated)
 * and synthetic projects (pages made from a template, each using 6 components through spec.dependsOn)
 * in a local portal on its embedded defaults, and prints
 *   - the ingest time (from the backend being ready until every entity is in the catalog),
 *   - p50/p95 of the Reuse map page's backend query (GET /api/reuse/map, first page of 50), unfiltered
 *     and filtered by task and owner: "expired" is the first request after the map's lifetime has passed
 *     (the one that used to read the whole catalog before answering; it now starts that read in the
 *     background and answers from the last map), "warm" the next ones (answered from memory, while
 *     the background read may still be running),
 *   - p50/p95 of the background read: from that request until the page answers with the new map
 *     (how long a catalog change can take to reach the page, beyond the map's lifetime),
 *   - p50/p95 of a component page's "Projects using it" query (GET /api/reuse/users, never cached).
 *
 *   node bench/reuse.js [components] [projects] [rounds]    # defaults: 10000 1000 10
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// @mlops-portal/portal-test-utils is TypeScript: loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startPortal, guestToken } = require('@mlops-portal/portal-test-utils');

require('@backstage/cli/config/nodeTransform.cjs');
const {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS,
  TASKS_ANNOTATION,
  TEMPLATE_ANNOTATION,
  componentTypeFor,
} = require('@mlops-portal/plugin-atomic-catalog-common');

const [componentsArg, projectsArg, roundsArg] = process.argv.slice(2);
const COMPONENTS = Number(componentsArg ?? 10_000);
const PROJECTS = Number(projectsArg ?? 1_000);
const ROUNDS = Number(roundsArg ?? 10);
const USES_PER_PROJECT = 6;
const CACHE_SECONDS = 2;
const GOAL_MS = 1000;
const FILES = 10;

const counts = {
  atom: Math.round(COMPONENTS * 0.55),
  molecule: Math.round(COMPONENTS * 0.3),
};
counts.organism = COMPONENTS - counts.atom - counts.molecule;
const name = (level, i) => `reuse-${level}-${String(i).padStart(5, '0')}`;
const ref = (level, i) => `component:default/${name(level, i)}`;

function componentYaml(level, i) {
  const task = TASKS[i % TASKS.length];
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name(level, i)}`,
    `  tags: [${task}]`,
    '  labels:',
    `    ${LEVEL_LABEL}: ${level}`,
    `    ${CATEGORY_LABEL}: model`,
    '  annotations:',
    `    ${TASKS_ANNOTATION}: ${task}`,
    `    ${PYTHON_IMPORT_ANNOTATION}: from bench.${level}s import C${i}`,
    `    ${PYTHON_PACKAGE_ANNOTATION}: bench-components==1.0.0`,
    'spec:',
    `  type: ${componentTypeFor(level)}`,
    `  lifecycle: ${i % 50 === 7 ? 'deprecated' : 'production'}`,
    `  owner: group:default/team-${i % 7}`,
  ].join('\n');
}

/** Project i uses organisms, molecules and atoms spread over the library, so that some are never used. */
function projectYaml(i) {
  const task = TASKS[i % TASKS.length];
  const uses = new Set();
  for (let k = 0; k < USES_PER_PROJECT; k++) {
    const level = ['organism', 'molecule', 'atom'][k % 3];
    uses.add(
      ref(
        level,
        (i * 7 + k * 13) % Math.max(1, Math.floor(counts[level] * 0.6)),
      ),
    );
  }
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: reuse-project-${String(i).padStart(5, '0')}`,
    '  labels:',
    `    ${LEVEL_LABEL}: page`,
    '  annotations:',
    `    ${TASKS_ANNOTATION}: ${task}`,
    `    ${TEMPLATE_ANNOTATION}: template:default/${task}-project`,
    'spec:',
    '  type: ml-project',
    '  lifecycle: experimental',
    `  owner: group:default/team-${i % 7}`,
    '  dependsOn:',
    ...[...uses].map(u => `    - ${u}`),
  ].join('\n');
}

function writeEntities(dir) {
  const docs = [];
  for (const level of ['atom', 'molecule', 'organism']) {
    for (let i = 0; i < counts[level]; i++) docs.push(componentYaml(level, i));
  }
  for (let i = 0; i < PROJECTS; i++) docs.push(projectYaml(i));
  return Array.from({ length: FILES }, (_, f) => {
    const file = path.join(dir, `reuse-${f}.yaml`);
    fs.writeFileSync(
      file,
      `${docs.filter((_, i) => i % FILES === f).join('\n---\n')}\n`,
    );
    return file;
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
const fmt = values =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(
    values,
    95,
  ).toFixed(0)} ms`;
const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

async function main() {
  const total = COMPONENTS + PROJECTS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-bench-'));
  const files = writeEntities(dir);
  console.log(
    `${COMPONENTS} components (${counts.atom} atoms, ${counts.molecule} molecules, ${counts.organism} organisms) + ${PROJECTS} projects using ${USES_PER_PROJECT} each`,
  );
  const portal = await startPortal({
    config: {
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: files.map(target => ({ type: 'file', target })),
      },
      reuse: { cacheSeconds: CACHE_SECONDS },
    },
    // a loaded machine can take minutes to start the backend
    timeoutMs: 600_000,
  });
  try {
    const token = await guestToken(portal.url);
    const get = async (pathAndQuery, attempts = 1) => {
      let res;
      for (let attempt = 1; ; attempt++) {
        try {
          res = await fetch(`${portal.url}${pathAndQuery}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          // The backend's own calls (to the permission backend) can be reset on a busy machine.
          if (res.status < 500 || attempt >= attempts) break;
          await new Promise(r => setTimeout(r, 2000));
        } catch (error) {
          // While ingesting on a busy machine the backend may drop a polling connection.
          if (attempt >= attempts) throw error;
          await new Promise(r => setTimeout(r, 2000));
        }
      }
      if (!res.ok) {
        throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      }
      return res.json();
    };
    let resets = 0;
    const timed = async (pathAndQuery, attempts = 1) => {
      // A kept-alive connection that the server closes just as the next request goes out is reset;
      // that request is timed again (and counted), nothing else is retried.
      for (;;) {
        const start = performance.now();
        try {
          const body = await get(pathAndQuery, attempts);
          return { ms: performance.now() - start, body };
        } catch (error) {
          if (error?.cause?.code !== 'ECONNRESET' || resets >= 10) throw error;
          resets += 1;
        }
      }
    };

    const start = Date.now();
    const loadAtStart = load();
    for (;;) {
      const body = await get(
        `/api/catalog/entities/by-query?filter=metadata.labels.${LEVEL_LABEL}&limit=1`,
        10,
      );
      if (body.totalItems >= total) break;
      if (Date.now() - start > 30 * 60_000) {
        throw new Error(`only ${body.totalItems} of ${total} after 30 minutes`);
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    const ingestS = (Date.now() - start) / 1000;
    console.log(
      `ingest: ${total} entities in ${ingestS.toFixed(1)} s (${(
        total / ingestS
      ).toFixed(
        0,
      )} entities/s; load average ${loadAtStart} at the start, ${load()} at the end, ${
        os.cpus().length
      } cores)`,
    );
    // The projects' dependsOn relations exist once each project has been stitched after its targets.
    let map;
    for (;;) {
      map = await get('/api/reuse/map', 10);
      if (map.totals.usages >= PROJECTS * USES_PER_PROJECT * 0.99) break;
      if (Date.now() - start > 40 * 60_000) {
        throw new Error(`only ${map.totals.usages} uses after 40 minutes`);
      }
      await new Promise(r => setTimeout(r, 1000 * (CACHE_SECONDS + 0.1)));
    }
    console.log(
      `map: ${map.totals.components} components, ${map.totals.projects} projects, ${map.totals.usages} uses, ${map.totals.unusedComponents} never used, ${map.deprecatedUsages.length} projects on deprecated components`,
    );

    const scenarios = {
      unfiltered: '/api/reuse/map?limit=50',
      'task + owner': '/api/reuse/map?limit=50&task=forecasting&owner=team-3',
      'never used': '/api/reuse/map?limit=50&view=unused',
    };
    const verdict = values =>
      percentile(values, 95) < GOAL_MS ? 'goal met' : 'goal missed';
    const loads = [];
    for (const [label, query] of Object.entries(scenarios)) {
      const expired = [];
      const warm = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Past the map's lifetime (and past any read still under way): this call starts a new read.
        await new Promise(r => setTimeout(r, CACHE_SECONDS * 1000 + 100));
        loads.push(os.loadavg()[0]);
        expired.push((await timed(query)).ms);
        warm.push((await timed(query)).ms);
        warm.push((await timed(query)).ms);
      }
      console.log(`${label}: expired ${fmt(expired)} (${verdict(expired)})`);
      console.log(`${label}: warm ${fmt(warm)} (${verdict(warm)})`);
    }
    const reads = [];
    // The first round only waits for a read the requests above may have left under way.
    for (let round = -1; round < ROUNDS; round++) {
      await new Promise(r => setTimeout(r, CACHE_SECONDS * 1000 + 100));
      const { ms, body } = await timed('/api/reuse/map?limit=1');
      const started = performance.now() - ms;
      for (;;) {
        // only waiting here: a request the busy backend fails is asked again
        const { body: now } = await timed('/api/reuse/map?limit=1', 5);
        if (now.generatedAt !== body.generatedAt) break;
        await new Promise(r => setTimeout(r, 100));
      }
      if (round >= 0) reads.push(performance.now() - started);
    }
    console.log(
      `background read of the whole map (until the page shows it): ${fmt(
        reads,
      )}`,
    );
    console.log(
      `load average (1 min) while timing the map: ${Math.min(...loads).toFixed(
        1,
      )}–${Math.max(...loads).toFixed(1)}`,
    );
    const users = [];
    for (let round = 0; round < ROUNDS; round++) {
      users.push(
        (
          await timed(
            `/api/reuse/users?entityRef=${encodeURIComponent(
              ref('organism', round),
            )}`,
          )
        ).ms,
      );
    }
    console.log(`component page "Projects using it": ${fmt(users)}`);
    console.log(`connections reset and timed again: ${resets}`);
    const logged = portal.lines
      .filter(l => l.includes('Read the reuse map from the catalog'))
      .map(l =>
        // the development log format colours its keys
        Number(/ms=(\d+)/.exec(l.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]),
      )
      .filter(ms => ms >= 0);
    console.log(
      `the backend's reads of the whole map, as it logged them (${
        logged.length
      }): ${fmt(logged)}`,
    );
  } catch (error) {
    console.error(
      `the backend ${
        portal.exitCode === null ? 'is running' : `exited (${portal.exitCode})`
      }; its last lines:\n${portal.lines.slice(-40).join('\n')}`,
    );
    throw error;
  } finally {
    await portal.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
