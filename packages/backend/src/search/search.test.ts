/*
 * Search as a researcher uses it, against both engines the portal runs on: the in-process engine of the
 * embedded defaults, and PostgreSQL's full-text engine with the production search settings on a real local
 * PostgreSQL. The portal indexes its own catalog and builds and indexes its own docs sites; each query is
 * one a researcher would type, and the page they are after must come first.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  Portal,
  dropDatabases,
  guestToken,
  root,
  sharedPostgres,
  startPortal,
  until,
} from '@mlops-portal/portal-test-utils';

jest.setTimeout(300_000);

type Result = {
  type: string;
  document: { title: string; location: string; tasks?: string[] };
};

/** Index every few seconds, so that the test does not wait for the default ten minutes. */
const fast = {
  frequency: { seconds: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 1 },
};
const collators = {
  catalog: { schedule: fast },
  techdocs: { schedule: fast },
};

const docs = '/docs/default/component/mlops-components/reference';
const page = {
  mase: [`${docs}/atoms/mase/`, '/catalog/default/component/mase'],
  theta: [`${docs}/molecules/theta/`, '/catalog/default/component/theta'],
  isolationForest: [
    `${docs}/molecules/window-isolation-forest/`,
    '/catalog/default/component/window-isolation-forest',
  ],
};

/** The components of one level, as the catalog files say. */
function componentsOfLevel(level: string) {
  const dir = path.join(root, 'catalog-info/components');
  return fs
    .readdirSync(dir)
    .map(file => YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')))
    .filter(e => e.metadata.labels?.['mlops-portal.io/level'] === level)
    .map(e => `/catalog/default/component/${e.metadata.name}`)
    .sort();
}

/** The production settings of search (engine options and schedules), with the test's fast schedules. */
function productionSearchConfig() {
  const production = YAML.parse(
    fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
  );
  if (!production.search?.pg) {
    throw new Error('app-config.production.yaml has no search.pg settings');
  }
  return { ...production.search, collators };
}

// One set of databases per run, so that parallel runs and the startup tests never share an index.
const prefix = `portal_search_test_${process.pid}_`;

const engines = [
  {
    engine: 'the in-process engine (embedded defaults)',
    start: () => startPortal({ config: { search: { collators } } }),
    cleanUp: async () => {},
  },
  {
    engine: 'PostgreSQL’s engine (production search settings)',
    start: () =>
      startPortal({
        config: {
          backend: {
            database: { client: 'pg', connection: sharedPostgres(), prefix },
          },
          search: productionSearchConfig(),
        },
      }),
    cleanUp: () => dropDatabases(sharedPostgres(), prefix),
  },
];

describe.each(engines)('search with $engine', ({ start, cleanUp }) => {
  let portal: Portal | undefined;
  let token = '';

  async function search(
    term: string,
    options: { filters?: Record<string, string>; types?: string[] } = {},
  ): Promise<Result[]> {
    const params = new URLSearchParams({ term });
    for (const [key, value] of Object.entries(options.filters ?? {})) {
      params.append(`filters[${key}]`, value);
    }
    (options.types ?? []).forEach((type, i) =>
      params.append(`types[${i}]`, type),
    );
    const res = await fetch(`${portal!.url}/api/search/query?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(`search failed: ${res.status} ${await res.text()}`);
    }
    return (await res.json()).results;
  }

  /** The page a result opens, without the heading it scrolls to. */
  const pageOf = (result: Result) => result.document.location.split('#')[0];
  const top = (results: Result[]) =>
    results.slice(0, 5).map(r => `${r.type} ${r.document.location}`);

  beforeAll(async () => {
    await cleanUp();
    const running = await start();
    portal = running;
    token = await guestToken(running.url);
    // The catalog ingests its files, the docs sites are built, then both collators index them: wait
    // until a page of each docs site and a catalog entity can be found.
    const indexed = [
      { term: 'mase', page: page.mase[0] },
      { term: 'mase', page: page.mase[1] },
      {
        term: 'user manual',
        page: '/docs/default/component/mlops-portal/user-manual/',
      },
    ];
    for (const { term, page: expected } of indexed) {
      let found: Result[] = [];
      await until(
        `${expected} in the results for "${term}"`,
        async () => {
          found = await search(term);
          return found.some(r => pageOf(r) === expected);
        },
        180_000,
      ).catch(error => {
        throw new Error(
          `${error.message}; it found: ${top(found)}\n${running.lines
            .slice(-30)
            .join('\n')}`,
        );
      });
    }
  });

  afterAll(async () => {
    await portal?.stop();
    await cleanUp();
  });

  it('logs no error while indexing', () => {
    expect(portal!.errors()).toEqual([]);
  });

  it.each([
    ['MASE', page.mase],
    ['Theta', page.theta],
    ['isolation forest', page.isolationForest],
  ])('puts the page for "%s" first', async (term, expected) => {
    const results = await search(term);
    // The component's docs page or its catalog entry: either is the page the researcher wants.
    expect(expected).toContain(pageOf(results[0]));
    // Both the component's catalog entry and its docs page are found.
    const pages = results.slice(0, 5).map(pageOf);
    expect(pages).toEqual(expect.arrayContaining(expected));
  });

  it('finds how to version a dataset', async () => {
    const results = await search('version a dataset');
    expect(top(results)[0]).toMatch(
      /local-dataset-versions|guide\/#version-the-data-a-run-used|user-manual\/#version-a-dataset/,
    );
  });

  it('narrows to one task', async () => {
    const results = await search('forecast', {
      filters: { tasks: 'anomalydetection' },
    });
    expect(results.length).toBeGreaterThan(0);
    // A forecasting word, among anomaly-detection components: the detector built on forecasts.
    expect(pageOf(results[0])).toBe(
      '/catalog/default/component/forecast-residual-detector',
    );
    for (const result of results) {
      expect(result.document.tasks).toContain('anomalydetection');
    }
  });

  it('narrows to one atomic level', async () => {
    const organisms = componentsOfLevel('organism');
    expect(organisms.length).toBeGreaterThan(0);
    const results = await search('', {
      filters: { level: 'organism' },
      types: ['software-catalog'],
    });
    expect(results.map(pageOf).sort()).toEqual(organisms);
  });
});
