#!/usr/bin/env node
/*
 * The atomic catalog at scale: registers 10,000 synthetic, valid component entities (atoms, molecules,
 * organisms, templates, pages) in a local portal on its embedded defaults and prints
 *   - the time from the backend being ready until all of them are in the catalog (goal: 60 s), with
 *     the CPU time the backend spent on it and the machine's load average (the machine is shared:
 *     wall time under load says less than CPU time),
 *   - p50/p95 of the queries the Components page sends: one paged list query per level (limit 20,
 *     with its total count) and the facet query behind the filters, and of a whole page load (all six
 *     in parallel), unfiltered and filtered.
 *
 *   node bench/atomic-catalog.js [entities] [rounds]                 # SQLite files (embedded defaults)
 *   eval "$(scripts/postgres.sh)" && node bench/atomic-catalog.js --postgres [entities] [rounds]
 *
 * With --postgres the catalog runs on the local PostgreSQL (databases prefixed atomic_bench_, dropped
 * before and after the run), as in production.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// @mlops-portal/portal-test-utils and the atomic catalog's vocabulary (defined once) are TypeScript:
// loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startPortal, guestToken } = require('@mlops-portal/portal-test-utils');
const {
  CARD_FIELDS,
  CATEGORY_LABEL,
  LEVEL_LABEL: LEVEL,
  LEVELS,
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS,
  TASKS_ANNOTATION,
  componentTypeFor,
  isLibraryLevel,
} = require('@mlops-portal/plugin-atomic-catalog-common');

const args = process.argv.slice(2);
const POSTGRES = args.includes('--postgres');
const [totalArg, roundsArg] = args.filter(a => !a.startsWith('--'));
const TOTAL = Number(totalArg ?? 10_000);
const ROUNDS = Number(roundsArg ?? 30);
const PG_PREFIX = 'atomic_bench_';
const INGEST_GOAL_S = 60;
const FILES = 10;
const CATEGORY = {
  atom: 'feature',
  molecule: 'model',
  organism: 'pipeline',
  template: 'pipeline',
  page: 'pipeline',
};

/** How many entities of each level: a valid mix, most of them atoms. */
function mix(total) {
  const counts = {
    molecule: Math.round(total * 0.3),
    organism: Math.round(total * 0.15),
    template: Math.round(total * 0.03),
    page: Math.round(total * 0.02),
  };
  counts.atom =
    total - counts.molecule - counts.organism - counts.template - counts.page;
  return counts;
}

const name = (level, i) => `bench-${level}-${String(i).padStart(5, '0')}`;
const ref = (level, i) => `component:default/${name(level, i)}`;

function entityYaml(level, i, dependsOn) {
  const task = TASKS[i % TASKS.length];
  const category = CATEGORY[level];
  const library = isLibraryLevel(level);
  const lines = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name(level, i)}`,
    `  description: Synthetic ${level} number ${i} for the atomic catalog benchmark.`,
    `  tags: [${task}, ${category}]`,
    '  labels:',
    `    ${LEVEL}: ${level}`,
    `    ${CATEGORY_LABEL}: ${category}`,
    '  annotations:',
    `    ${TASKS_ANNOTATION}: ${task}`,
  ];
  if (library) {
    lines.push(
      `    ${PYTHON_IMPORT_ANNOTATION}: from bench.${level}s import C${i}`,
      `    ${PYTHON_PACKAGE_ANNOTATION}: bench-components==1.0.0`,
    );
  }
  lines.push(
    'spec:',
    `  type: ${library ? componentTypeFor(level) : 'ml-project'}`,
    '  lifecycle: experimental',
    `  owner: group:default/team-${i % 7}`,
  );
  if (dependsOn.length) {
    lines.push('  dependsOn:', ...dependsOn.map(d => `    - ${d}`));
  }
  return lines.join('\n');
}

/** Writes the entities into FILES multi-document YAML files; returns their paths. */
function writeEntities(dir, counts) {
  const docs = [];
  for (let i = 0; i < counts.atom; i++) docs.push(entityYaml('atom', i, []));
  for (let i = 0; i < counts.molecule; i++) {
    docs.push(
      entityYaml('molecule', i, [
        ref('atom', (2 * i) % counts.atom),
        ref('atom', (2 * i + 1) % counts.atom),
      ]),
    );
  }
  for (let i = 0; i < counts.organism; i++) {
    docs.push(
      entityYaml('organism', i, [
        ref('molecule', i % counts.molecule),
        ref('molecule', (i + 1) % counts.molecule),
        ref('atom', (3 * i) % counts.atom),
      ]),
    );
  }
  for (let i = 0; i < counts.template; i++) {
    docs.push(
      entityYaml('template', i, [ref('organism', i % counts.organism)]),
    );
  }
  for (let i = 0; i < counts.page; i++) {
    docs.push(
      entityYaml('page', i, [
        ref('template', i % counts.template),
        ref('organism', (i * 5) % counts.organism),
      ]),
    );
  }
  const files = [];
  for (let f = 0; f < FILES; f++) {
    const file = path.join(dir, `components-${f}.yaml`);
    fs.writeFileSync(
      file,
      docs.filter((_, i) => i % FILES === f).join('\n---\n') + '\n',
    );
    files.push(file);
  }
  return files;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function postgresConnection() {
  const { PORTAL_TEST_PG_HOST: host, PORTAL_TEST_PG_PORT: port } = process.env;
  if (!host || !port) {
    throw new Error(
      'PORTAL_TEST_PG_HOST and PORTAL_TEST_PG_PORT are not set: run eval "$(scripts/postgres.sh)" first',
    );
  }
  return {
    host,
    port: Number(port),
    user: process.env.PORTAL_TEST_PG_USER ?? 'postgres',
    password: process.env.PORTAL_TEST_PG_PASSWORD ?? '',
  };
}

/** Drops the benchmark's databases, so that every run starts from an empty catalog. */
async function dropBenchDatabases(connection) {
  const { Client } = require('pg');
  const client = new Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PG_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

async function main() {
  const counts = mix(TOTAL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-bench-'));
  const files = writeEntities(dir, counts);
  console.log(
    `${TOTAL} entities: ${Object.entries(counts)
      .map(([level, n]) => `${n} ${level}s`)
      .join(', ')}`,
  );

  const connection = POSTGRES ? postgresConnection() : undefined;
  if (connection) {
    await dropBenchDatabases(connection);
  }
  const portal = await startPortal({
    config: {
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: files.map(target => ({ type: 'file', target })),
      },
      ...(connection
        ? {
            backend: {
              database: { client: 'pg', prefix: PG_PREFIX, connection },
            },
          }
        : {}),
    },
  });
  console.log(`database: ${connection ? 'PostgreSQL' : 'SQLite files'}`);
  try {
    const token = await guestToken(portal.url);
    const get = async pathAndQuery => {
      const res = await fetch(`${portal.url}${pathAndQuery}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      }
      return res.json();
    };

    // Ingestion: from readiness until every entity is in the catalog.
    const start = Date.now();
    const cpuAtStart = cpuSeconds(portal.pid);
    const loadAtStart = load();
    let count = 0;
    for (;;) {
      const body = await get(
        `/api/catalog/entities/by-query?filter=metadata.labels.${LEVEL}&limit=1`,
      );
      if (process.env.BENCH_VERBOSE && body.totalItems !== count) {
        console.log(
          `  ${((Date.now() - start) / 1000).toFixed(1)} s: ${body.totalItems}`,
        );
      }
      count = body.totalItems;
      if (count >= TOTAL) break;
      if (Date.now() - start > 15 * 60_000) {
        const cpuS = cpuSeconds(portal.pid) - cpuAtStart;
        throw new Error(
          `only ${count} of ${TOTAL} entities after 15 minutes (${(
            count / 900
          ).toFixed(0)} entities/s; the backend used ${cpuS.toFixed(
            1,
          )} CPU-s; load average ${loadAtStart} at the start, ${load()} now)`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
    const ingestS = (Date.now() - start) / 1000;
    const ingestCpuS = cpuSeconds(portal.pid) - cpuAtStart;
    console.log(
      `ingest: ${count} entities in the catalog ${ingestS.toFixed(
        1,
      )} s after readiness ` +
        `(goal ${INGEST_GOAL_S} s: ${
          ingestS <= INGEST_GOAL_S ? 'met' : 'missed'
        }), ${(count / ingestS).toFixed(0)} entities/s`,
    );
    console.log(
      `ingest: the backend used ${ingestCpuS.toFixed(1)} CPU-s (${(
        (ingestCpuS / count) *
        1000
      ).toFixed(1)} ms per entity); ` +
        `load average ${loadAtStart} at the start, ${load()} at the end (${
          os.cpus().length
        } cores)`,
    );

    // The Components page's queries, as LevelColumn and ComponentFiltersBar send them.
    const fields = CARD_FIELDS.join(',');
    const list = (level, extra = '') =>
      `/api/catalog/entities/by-query?filter=metadata.labels.${LEVEL}=${level}${extra}` +
      `&limit=20&orderField=metadata.name,asc&fields=${fields}`;
    const facets =
      `/api/catalog/entity-facets?filter=metadata.labels.${LEVEL}` +
      `&facet=metadata.tags&facet=metadata.labels.${CATEGORY_LABEL}&facet=spec.owner`;
    const levels = LEVELS;
    const scenarios = {
      unfiltered: '',
      'task + text': ',metadata.tags=forecasting&fullTextFilterTerm=00042',
    };

    await get(list('atom')); // warm-up
    for (const [label, extra] of Object.entries(scenarios)) {
      const listMs = [];
      const facetMs = [];
      const pageMs = [];
      for (let round = 0; round < ROUNDS; round++) {
        listMs.push(await timed(() => get(list(levels[round % 5], extra))));
        facetMs.push(await timed(() => get(facets)));
        pageMs.push(
          await timed(() =>
            Promise.all([
              ...levels.map(level => get(list(level, extra))),
              get(facets),
            ]),
          ),
        );
      }
      const fmt = values =>
        `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(
          values,
          95,
        ).toFixed(0)} ms`;
      console.log(`${label}: list query (one level) ${fmt(listMs)}`);
      console.log(`${label}: facet query ${fmt(facetMs)}`);
      console.log(`${label}: whole page (5 lists + facets) ${fmt(pageMs)}`);
    }
  } finally {
    await portal.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    if (connection) {
      await dropBenchDatabases(connection);
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
