#!/usr/bin/env node
/*
 * The reuse map at scale: registers synthetic components (atoms, molecules, organisms; 2 % deprecated)
 * and synthetic projects (pages made from a template, each using 6 components through spec.dependsOn)
 * in a local portal on its embedded defaults, and prints
 *   - the ingest time (from the backend being ready until every entity is in the catalog),
 *   - p50/p95 of the Reuse map page's backend query (GET /api/reuse/map, first page of 50), cold (the
 *     map's cache expired: every component and project is read from the catalog) and warm (cached),
 *     unfiltered and filtered by task and owner, and of a component page's "Projects using it" query
 *     (GET /api/reuse/users, never cached).
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
    const timed = async pathAndQuery => {
      const start = performance.now();
      const body = await get(pathAndQuery);
      return { ms: performance.now() - start, body };
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
    for (const [label, query] of Object.entries(scenarios)) {
      const cold = [];
      const warm = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Past the cache's lifetime: this call reads the whole catalog.
        await new Promise(r => setTimeout(r, CACHE_SECONDS * 1000 + 100));
        cold.push((await timed(query)).ms);
        warm.push((await timed(query)).ms);
        warm.push((await timed(query)).ms);
      }
      const verdict = values =>
        percentile(values, 95) < GOAL_MS ? 'goal met' : 'goal missed';
      console.log(`${label}: cold ${fmt(cold)} (${verdict(cold)})`);
      console.log(`${label}: warm ${fmt(warm)} (${verdict(warm)})`);
    }
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
  } finally {
    await portal.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
