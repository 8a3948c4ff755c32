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
import { PortalLunrSearchEngine, portalLunrTranslator } from './engine';
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

async function indexed(
  documents: IndexableDocument[],
  engine: LunrSearchEngine = new PortalLunrSearchEngine({ logger }),
) {
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

describe('PortalLunrSearchEngine against Backstage’s engine with the same translator', () => {
  const vocabulary =
    'forecast forecasting seasonal season trend naive drift theta error scaled absolute mean anomaly detector isolation forest'.split(
      ' ',
    );
  // 60 pages of different lengths and words (deterministic), so that no two score the same.
  const pages = Array.from({ length: 60 }, (_, i) =>
    page(
      `Page ${i} ${vocabulary[i % vocabulary.length]}`,
      Array.from(
        { length: 3 + (i % 11) },
        (_word, j) => vocabulary[(i * 7 + j * j * 3) % vocabulary.length],
      ).join(' '),
      { level: ['atom', 'molecule'][i % 2] },
    ),
  );
  // Words the indexer trims (a leading é) or stems out of shape (happily → happili, yearly → yearli).
  pages.push(
    page(
      'Yearly seasonality',
      'Élan: years of yearly data make happy, happily seasonal models.',
    ),
    page('Happiness', 'Happy yearlings; élan vital.'),
  );
  // The highlight tags differ per engine (random); compare with plain ones.
  const plain = (result: Awaited<ReturnType<LunrSearchEngine['query']>>) =>
    result.results.map(({ document, rank, type, highlight }) => ({
      title: document.title,
      rank,
      type,
      fields: Object.fromEntries(
        Object.entries(highlight!.fields).map(([field, text]) => [
          field,
          text
            .split(highlight!.preTag)
            .join('<b>')
            .split(highlight!.postTag)
            .join('</b>'),
        ]),
      ),
    }));

  it.each([
    ['a word', { term: 'forecast' }],
    ['the start of a word', { term: 'seas' }],
    ['a typo', { term: 'anomoly detector' }],
    ['a filter', { term: 'trend', filters: { level: 'molecule' } }],
    ['words that stemming changes', { term: 'yearly happily lan' }],
  ])(
    'returns the same pages, ranks, cursors and highlights for %s, page by page',
    async (_name, query) => {
      const ours = await indexed(pages);
      const backstage = new LunrSearchEngine({ logger });
      backstage.setTranslator(portalLunrTranslator(logger));
      await indexed(pages, backstage);
      let pageCursor: string | undefined;
      let shown = 0;
      do {
        const q = { ...query, types: ['techdocs'], pageLimit: 10, pageCursor };
        const [a, b] = [await ours.query(q), await backstage.query(q)];
        expect(plain(a)).toEqual(plain(b));
        expect([
          a.numberOfResults,
          a.nextPageCursor,
          a.previousPageCursor,
        ]).toEqual([b.numberOfResults, b.nextPageCursor, b.previousPageCursor]);
        shown += a.results.length;
        pageCursor = a.nextPageCursor;
      } while (pageCursor);
      // Something was found and highlighted: the comparison is not between two empty answers.
      expect(shown).toBeGreaterThan(1);
      const first = plain(
        await ours.query({ ...query, types: ['techdocs'] }),
      )[0];
      expect(JSON.stringify(first.fields)).toContain('<b>');
    },
  );

  it('highlights every place a matching word stands, and only those', async () => {
    const engine = await indexed([
      page(
        'Seasonal naive',
        'Seasons repeat; a seasonal naive forecast repeats the last season.',
      ),
    ]);
    const [result] = (await engine.query({ term: 'season' })).results;
    const { preTag, postTag, fields } = result.highlight!;
    expect(fields.text.split(preTag).join('[').split(postTag).join(']')).toBe(
      '[Seasons] repeat; a [seasonal] naive forecast repeats the last [season].',
    );
    expect(fields.title.split(preTag).join('[').split(postTag).join(']')).toBe(
      '[Seasonal] naive',
    );
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
