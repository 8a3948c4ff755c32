#!/usr/bin/env node
/*
 * Search at scale: indexes 5,000 synthetic docs pages into each engine the portal runs on, then prints
 *   - the full reindex time (every page through the engine's indexer, as a collator run does),
 *   - p50/p95 query latency over a mix of one-word, multi-word and filtered queries (goal: p95 ≤ 50 ms).
 *
 *   node bench/search.js [pages] [queries]                               # in-process engine only
 *   eval "$(scripts/postgres.sh)" && node bench/search.js [pages] [queries]   # and PostgreSQL's
 *
 * The pages draw from a small vocabulary, so most queries match hundreds of pages: a worst case for
 * ranking and highlighting. The engines are the ones the portal runs (the portal's in-process engine,
 * PortalLunrSearchEngine of plugins/docs-search/search-backend-module-portal; PgSearchEngine with the production
 * settings of app-config.production.yaml), and Backstage's own LunrSearchEngine for comparison, called
 * in-process, so the figures are the engines' and not HTTP's. The PostgreSQL run uses a database of its
 * own (portal_search_bench), dropped before and after. The machine's load average is printed with the
 * figures: on a shared machine it decides much of them. Beside wall-clock p95, each engine's line gives
 * this process's CPU time per query, which other work on the machine barely moves.
 *
 * What a search costs in the backend: the search router hands the query to Backstage's
 * AuthorizedSearchEngine, which asks the engine once when the permission policy allows reading every
 * document type outright (the portal's policy does: every signed-in user may read the catalog and the
 * docs), and page after page (each a whole query) only under a conditional policy. So one engine query
 * per search, as timed here, plus the JSON the router sends, which is timed too.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { performance } = require('node:perf_hooks');
const YAML = require('yaml');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { LunrSearchEngine } = require('@backstage/plugin-search-backend-node');
const {
  PgSearchEngine,
} = require('@backstage/plugin-search-backend-module-pg');

// The portal's own engine is TypeScript: load it the way the backend does.
require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  PortalLunrSearchEngine,
} = require('../plugins/docs-search/search-backend-module-portal/src/engine.ts');

const [pagesArg, queriesArg] = process.argv.slice(2);
const PAGES = Number(pagesArg ?? 5000);
const QUERIES = Number(queriesArg ?? 300);
const GOAL_P95_MS = 50;
const TYPE = 'techdocs';
const root = path.resolve(__dirname, '..');

const logger = {
  info() {},
  debug() {},
  warn() {},
  error: (...a) => console.error(...a),
  child() {
    return logger;
  },
};

// A deterministic generator, so that every run indexes the same pages.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = list => list[Math.floor(random() * list.length)];
const WORDS = (
  'forecast series season trend horizon backtest origin fold metric error scaled absolute mean ' +
  'naive drift theta exponential smoothing arima gradient boosting lag rolling window feature ' +
  'calendar fourier imputer scaler differencer log transform anomaly detector isolation forest ' +
  'threshold residual score label classification rocket kernel convolution nearest neighbour ' +
  'warping distance accuracy balanced macro tracker experiment dataset version manifest hash ' +
  'pipeline organism molecule atom template project catalog owner docs search train predict'
).split(' ');
const TASKS = ['forecasting', 'classification', 'anomalydetection'];

function syntheticPages(count) {
  return Array.from({ length: count }, (_, i) => {
    const title = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
    const text = Array.from({ length: 120 }, () => pick(WORDS)).join(' ');
    const site = `site-${i % 50}`;
    return {
      title,
      text,
      location: `/docs/default/component/${site}/page-${i}/`,
      kind: 'Component',
      namespace: 'default',
      name: site,
      lifecycle: 'production',
      owner: 'group:default/researchers',
      path: `page-${i}/`,
      entityTitle: site,
      tasks: [pick(TASKS)],
    };
  });
}

function queries(count) {
  const kinds = [
    () => ({ term: pick(WORDS) }),
    () => ({ term: `${pick(WORDS)} ${pick(WORDS)}` }),
    () => ({ term: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}` }),
    () => ({
      term: pick(WORDS),
      filters: { name: `site-${Math.floor(random() * 50)}` },
    }),
  ];
  return Array.from({ length: count }, (_, i) => ({
    ...kinds[i % kinds.length](),
    types: [TYPE],
  }));
}

async function index(engine, pages) {
  const indexer = await engine.getIndexer(TYPE);
  const closed = new Promise(resolve => indexer.on('close', resolve));
  const started = performance.now();
  await pipeline(Readable.from(pages), indexer);
  await closed;
  return performance.now() - started;
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function measure(name, engine, pages, qs) {
  const reindexMs = await index(engine, pages);
  // Warm up (first queries compile plans and fill caches), then time each query.
  for (const q of qs.slice(0, 20)) await engine.query(q);
  const times = [];
  let found = 0;
  const cpuBefore = process.cpuUsage();
  for (const q of qs) {
    const started = performance.now();
    const result = await engine.query(q);
    JSON.stringify(result);
    times.push(performance.now() - started);
    if (result.results.length > 0) found += 1;
  }
  const cpu = process.cpuUsage(cpuBefore);
  // This process's CPU time per query: unlike latency, barely moved by other work on the machine.
  const cpuMs = (cpu.user + cpu.system) / 1000 / qs.length;
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(
    `${name.padEnd(22)} reindex ${(reindexMs / 1000).toFixed(
      2,
    )} s   query p50 ${p50.toFixed(1)} ms   ` +
      `p95 ${p95.toFixed(1)} ms   node CPU ${cpuMs.toFixed(1)} ms/query   (${
        qs.length
      } queries, ${found} with results)   ` +
      `${
        p95 <= GOAL_P95_MS ? 'meets' : 'MISSES'
      } the p95 goal of ${GOAL_P95_MS} ms   (load ${os
        .loadavg()[0]
        .toFixed(1)})`,
  );
}

async function withBenchDatabase(fn) {
  const connection = {
    host: process.env.PORTAL_TEST_PG_HOST,
    port: Number(process.env.PORTAL_TEST_PG_PORT),
    user: process.env.PORTAL_TEST_PG_USER ?? 'postgres',
    password: process.env.PORTAL_TEST_PG_PASSWORD ?? '',
  };
  const admin = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'postgres' },
  });
  const dropBench = () =>
    admin.raw('DROP DATABASE IF EXISTS portal_search_bench WITH (FORCE)');
  await dropBench();
  await admin.raw('CREATE DATABASE portal_search_bench');
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'portal_search_bench' },
  });
  try {
    await fn(knex);
  } finally {
    await knex.destroy();
    await dropBench();
    await admin.destroy();
  }
}

async function main() {
  const pages = syntheticPages(PAGES);
  const qs = queries(QUERIES);
  console.log(
    `${PAGES} synthetic docs pages, ${QUERIES} queries per engine; ${
      os.cpus().length
    } cores, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );

  await measure(
    'in-process (portal)',
    new PortalLunrSearchEngine({ logger }),
    pages,
    qs,
  );
  await measure(
    'in-process (Backstage)',
    new LunrSearchEngine({ logger }),
    pages,
    qs,
  );

  if (!process.env.PORTAL_TEST_PG_HOST) {
    console.log(
      'PostgreSQL: skipped (run eval "$(scripts/postgres.sh)" first to include it)',
    );
    return;
  }
  const production = YAML.parse(
    fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
  );
  await withBenchDatabase(async knex => {
    const engine = await PgSearchEngine.fromConfig(
      new ConfigReader({ search: production.search ?? {} }),
      { database: { getClient: async () => knex }, logger },
    );
    await measure('PostgreSQL (pg module)', engine, pages, qs);
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
