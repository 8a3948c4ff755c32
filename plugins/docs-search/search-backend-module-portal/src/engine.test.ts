import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogModule from '@backstage/plugin-search-backend-module-catalog';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { IndexableDocument } from '@backstage/plugin-search-common';
import { PortalLunrSearchEngine } from './engine';
import { searchModulePortal } from './module';

const logger = mockServices.logger.mock();

function page(title: string, text: string, extra: object = {}) {
  return {
    title,
    text,
    location: `/docs/${title.toLowerCase().replace(/\W+/g, '-')}`,
    level: '',
    ...extra,
  };
}

async function indexed(documents: IndexableDocument[]) {
  const engine = new PortalLunrSearchEngine({ logger });
  const indexer = await engine.getIndexer('techdocs');
  const closed = new Promise(resolve => indexer.on('close', resolve));
  await pipeline(Readable.from(documents), indexer);
  await closed;
  return engine;
}

const titles = (result: { results: { document: { title: string } }[] }) =>
  result.results.map(r => r.document.title);

describe('PortalLunrSearchEngine', () => {
  it('answers nothing, not an error, for a type that has no index yet', async () => {
    const query = { term: 'mase', types: ['techdocs'] };
    // Backstage's engine: "Missing index", which the search page shows as a failed search.
    await expect(new LunrSearchEngine({ logger }).query(query)).rejects.toThrow(
      MissingIndexError,
    );
    await expect(
      new PortalLunrSearchEngine({ logger }).query(query),
    ).resolves.toEqual({ results: [], numberOfResults: 0 });
  });

  it('matches words as written, as the start of longer words, and long words with one typo', async () => {
    const engine = await indexed([
      page('MASE', 'Mean absolute scaled error.'),
      page('Base', 'The base class of every component.'),
      page('Forecast backtest', 'Forecasting with rolling origins.'),
      page('Theta', 'The theta method.'),
    ]);
    // Short words must be exact: `mase` no longer finds `base` (two letters off).
    expect(titles(await engine.query({ term: 'mase' }))).toEqual(['MASE']);
    expect(titles(await engine.query({ term: 'thet' }))).toEqual(['Theta']);
    // One letter dropped from a long word.
    expect(titles(await engine.query({ term: 'forcast' }))).toEqual([
      'Forecast backtest',
    ]);
  });

  it('keeps Backstage’s filters: a required field value, documents without the field skipped', async () => {
    const engine = await indexed([
      page('Theta', 'A forecaster.', { level: 'molecule' }),
      page('AutoML forecasting', 'A forecaster search.', { level: 'organism' }),
    ]);
    expect(
      titles(
        await engine.query({
          term: 'forecaster',
          filters: { level: 'organism' },
        }),
      ),
    ).toEqual(['AutoML forecasting']);
    expect(
      await engine.query({ term: 'forecaster', filters: { tasks: 'x' } }),
    ).toEqual({ results: [], numberOfResults: 0 });
  });
});

describe('the search API right after a start, before anything is indexed', () => {
  it('answers an empty result, not 500 "Missing index"', async () => {
    const backend = await startTestBackend({
      features: [
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory(),
        searchPlugin,
        searchCatalogModule,
        searchModulePortal,
      ],
    });
    const res = await fetch(
      `http://localhost:${backend.server.port()}/api/search/query?term=mase&types[0]=software-catalog`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).results).toEqual([]);
  });
});
