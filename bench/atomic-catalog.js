#!/usr/bin/env node
/*
 * The atomic catalog at scale: registers 10,000 synthetic, valid component entities (atoms, molecules,
 * organisms, templates, pages) in a local portal on its embedded defaults and prints
 *   - the time from the backend being ready until all of them are in the catalog (goal: 60 s), with
 *     the CPU time the backend spent on it and the machine's load average (the machine is shared:
 *     wall time under load says less than CPU time),
 *   - the same ingest in a vanilla create-app of the same Backstage release (bench/vanilla.js), from
 *     the same entity files through the same kind of catalog location, in the same run with
 *     alternating starts, and the portal/vanilla ratio of both times (goal: ≤ 1.1),
 *   - p50/p95 of the queries the Components page sends: one paged list query per level (limit 20,
 *     with its total count) and the facet query behind the filters, and of a whole page load (all six
 *     in parallel), unfiltered and filtered.
 *
 *   node bench/atomic-catalog.js [entities] [rounds]                 # SQLite (each on its defaults)
 *   eval "$(scripts/postgres.sh)" && node bench/atomic-catalog.js --postgres [entities] [rounds]
 *   eval "$(scripts/postgres.sh)" && node bench/atomic-catalog.js --postgres --workers=2 [entities]
 *
 * Options: --runs=N alternating runs of both (default 1; the ratio is that of the medians),
 * --no-vanilla (the portal only), --no-queries (ingest only), --processing-interval=S (both sides'
 * catalog.processingInterval, instead of Backstage's default of 100–150 s), --memory (the portal's
 * catalog on an in-memory SQLite as vanilla's, instead of its embedded defaults' file: the ratio of
 * the code alone).
 * With --postgres both catalogs run on the local PostgreSQL (databases prefixed atomic_bench_ and
 * vanilla_bench_, dropped before and after each start), as in production. --workers=N (with
 * --postgres) runs the portal as N replicas on that one database with the scale-out settings
 * (docs/operators/scale-out.md), which share the catalog's processing: the time runs from the first
 * replica's readiness, the others join as soon as they are ready.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// @mlops-portal/portal-test-utils and the atomic catalog's vocabulary (defined once) are TypeScript:
// loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  dropDatabases,
  guestToken,
  sharedPostgres,
  startPortal,
} = require('@mlops-portal/portal-test-utils');
const { ensureVanilla, startVanilla } = require('./vanilla');
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
const option = name =>
  args.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const POSTGRES = args.includes('--postgres');
// The portal's catalog in memory too, as vanilla's: both on the same database, so that the ratio is that
// of the code alone (the embedded defaults keep it in a file, which survives a restart).
const MEMORY = args.includes('--memory');
const VANILLA = !args.includes('--no-vanilla');
const QUERIES = !args.includes('--no-queries');
const RUNS = Number(option('runs') ?? 1);
const WORKERS = Number(option('workers') ?? 1);
const INTERVAL_S = option('processing-interval');
const [totalArg, roundsArg] = args.filter(a => !a.startsWith('--'));
const TOTAL = Number(totalArg ?? 10_000);
const ROUNDS = Number(roundsArg ?? 30);
const PG_PREFIX = { portal: 'atomic_bench_', vanilla: 'vanilla_bench_' };
const INGEST_GOAL_S = 60;
const RATIO_GOAL = 1.1;
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

/** The scale-out settings a replica runs with (deploy/portal/app-config.scale-out.yaml's database pool). */
function scaleOutDatabase() {
  const file = path.join(
    __dirname,
    '../deploy/portal/app-config.scale-out.yaml',
  );
  const { parse } = require('yaml');
  return parse(fs.readFileSync(file, 'utf8')).backend.database;
}

/**
 * Starts one side (`portal` or `vanilla`) on the entity files, on its own defaults or on PostgreSQL,
 * and returns its backends (one, or `workers` replicas of the portal on one database) and when the
 * first was ready.
 */
async function startSide(side, files, connection, workers) {
  const catalog = {
    rules: [{ allow: ['Component', 'Location'] }],
    locations: files.map(target => ({ type: 'file', target })),
    ...(INTERVAL_S
      ? { processingInterval: { seconds: Number(INTERVAL_S) } }
      : {}),
  };
  const database = connection
    ? {
        client: 'pg',
        prefix: PG_PREFIX[side],
        connection,
        ...(workers > 1 ? { knexConfig: scaleOutDatabase().knexConfig } : {}),
      }
    : undefined;
  if (connection) await dropDatabases(connection, PG_PREFIX[side]);
  const backend = database
    ? { database }
    : MEMORY && side === 'portal'
    ? { database: { connection: ':memory:' } }
    : undefined;
  const config = { catalog, ...(backend ? { backend } : {}) };
  const start =
    side === 'portal'
      ? () => startPortal({ config })
      : () => startVanilla(config);
  const first = await start();
  const readyAt = Date.now();
  const backends = [first];
  // The other replicas join while the first already ingests (as a scaled-out deployment adds them).
  const joining = [];
  for (let w = 1; w < workers; w++) {
    joining.push(
      start().then(b => {
        backends.push(b);
        console.log(
          `  replica ${backends.length} joined ${(
            (Date.now() - readyAt) /
            1000
          ).toFixed(1)} s after the first was ready`,
        );
        return b;
      }),
    );
  }
  return {
    side,
    url: first.url,
    readyAt,
    backends,
    joining: Promise.all(joining),
    async stop() {
      await Promise.allSettled(joining);
      await Promise.all(backends.map(b => b.stop()));
      if (connection) await dropDatabases(connection, PG_PREFIX[side]);
    },
  };
}

function getter(url, token) {
  return async pathAndQuery => {
    const res = await fetch(`${url}${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    }
    return res.json();
  };
}

/**
 * Ingestion: from the (first) backend's readiness until every entity is in the catalog. Returns the
 * seconds it took and the CPU seconds its backends used meanwhile.
 */
async function measureIngest(started, get) {
  const { side, readyAt, backends } = started;
  const cpuNow = () =>
    backends.reduce((sum, b) => sum + cpuSeconds(b.pid), 0) -
    backends.reduce((sum, b) => sum + (b.cpuAtReady ?? 0), 0);
  // CPU from readiness on: what a replica used while starting is not ingest work.
  for (const b of backends) b.cpuAtReady = cpuSeconds(b.pid);
  started.joining.then(all => {
    for (const b of all) b.cpuAtReady = cpuSeconds(b.pid);
  });
  const loadAtStart = load();
  let count = 0;
  for (;;) {
    const body = await get(
      `/api/catalog/entities/by-query?filter=metadata.labels.${LEVEL}&limit=1`,
    );
    if (process.env.BENCH_VERBOSE && body.totalItems !== count) {
      console.log(
        `  ${side} ${((Date.now() - readyAt) / 1000).toFixed(1)} s: ${
          body.totalItems
        }`,
      );
    }
    count = body.totalItems;
    if (count >= TOTAL) break;
    if (Date.now() - readyAt > 15 * 60_000) {
      throw new Error(
        `${side}: only ${count} of ${TOTAL} entities after 15 minutes (${(
          count / 900
        ).toFixed(0)} entities/s; its backends used ${cpuNow().toFixed(
          1,
        )} CPU-s; load average ${loadAtStart} at the start, ${load()} now)`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const ingestS = (Date.now() - readyAt) / 1000;
  const cpuS = cpuNow();
  console.log(
    `  ${side.padEnd(7)} ${count} entities in ${ingestS.toFixed(
      1,
    )} s after readiness, ` +
      `${(count / ingestS).toFixed(0)} entities/s; ${
        backends.length
      } backend(s) used ` +
      `${cpuS.toFixed(1)} CPU-s (${((cpuS / count) * 1000).toFixed(
        1,
      )} ms per entity); ` +
      `load ${loadAtStart} -> ${load()}`,
  );
  return { ingestS, cpuS, load: os.loadavg()[0] };
}

/** The Components page's queries, as LevelColumn and ComponentFiltersBar send them. */
async function measureQueries(get) {
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
}

/** One start of one side: its ingest, and the Components page's queries on the last portal start. */
async function runSide(side, files, connection, { queries }) {
  const started = await startSide(
    side,
    files,
    connection,
    side === 'portal' ? WORKERS : 1,
  );
  try {
    const get = getter(started.url, await guestToken(started.url));
    const result = await measureIngest(started, get);
    if (queries) await measureQueries(get);
    return result;
  } finally {
    await started.stop();
  }
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  if (WORKERS > 1 && !POSTGRES) {
    throw new Error(
      'Several catalog workers share one database: --workers needs --postgres',
    );
  }
  const counts = mix(TOTAL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-bench-'));
  const files = writeEntities(dir, counts);
  const connection = POSTGRES ? sharedPostgres() : undefined;
  if (VANILLA) ensureVanilla({ frontend: false });
  console.log(
    `${TOTAL} entities: ${Object.entries(counts)
      .map(([level, n]) => `${n} ${level}s`)
      .join(', ')}`,
  );
  console.log(
    `database: ${
      connection
        ? `PostgreSQL${
            WORKERS > 1
              ? `, the portal as ${WORKERS} replicas with the scale-out settings`
              : ''
          }`
        : MEMORY
        ? 'SQLite in memory, both (--memory)'
        : 'SQLite (the portal: files, its embedded defaults; vanilla: in memory, its defaults)'
    }; processing interval: ${
      INTERVAL_S ? `${INTERVAL_S} s` : "Backstage's default (100-150 s)"
    }`,
  );
  const results = { portal: [], vanilla: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      console.log(`run ${run + 1} of ${RUNS}`);
      const order = !VANILLA
        ? ['portal']
        : run % 2 === 0
        ? ['vanilla', 'portal']
        : ['portal', 'vanilla'];
      for (const side of order) {
        const last = run === RUNS - 1 && side === 'portal';
        results[side].push(
          await runSide(side, files, connection, {
            queries: QUERIES && last,
          }),
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const portalS = median(results.portal.map(r => r.ingestS));
  const portalCpu = median(results.portal.map(r => r.cpuS));
  console.log(
    `ingest: ${TOTAL} entities in the portal${
      WORKERS > 1 ? ` (${WORKERS} replicas)` : ''
    } in ${portalS.toFixed(1)} s (goal ${INGEST_GOAL_S} s: ${
      portalS <= INGEST_GOAL_S ? 'met' : 'missed'
    }), ${portalCpu.toFixed(1)} CPU-s (${((portalCpu / TOTAL) * 1000).toFixed(
      1,
    )} ms per entity)`,
  );
  if (VANILLA) {
    const vanillaS = median(results.vanilla.map(r => r.ingestS));
    const vanillaCpu = median(results.vanilla.map(r => r.cpuS));
    const ratio = portalS / vanillaS;
    console.log(
      `ingest: vanilla create-app in ${vanillaS.toFixed(
        1,
      )} s, ${vanillaCpu.toFixed(1)} CPU-s (${(
        (vanillaCpu / TOTAL) *
        1000
      ).toFixed(1)} ms per entity)`,
    );
    console.log(
      `ingest ratio portal/vanilla: time ${ratio.toFixed(
        2,
      )} (goal <= ${RATIO_GOAL}: ${
        ratio <= RATIO_GOAL ? 'met' : 'missed'
      }), CPU ${(portalCpu / vanillaCpu).toFixed(
        2,
      )}; median of ${RUNS} alternating run(s), ` +
        `load average ${[...results.portal, ...results.vanilla]
          .map(r => r.load.toFixed(1))
          .join(', ')} at the ends (${os.cpus().length} cores)`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
