import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import lunr from 'lunr';
import { mockServices } from '@backstage/backend-test-utils';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { portalLunrTranslator } from './engine';
import { runLunrQuery, ScoredLunrIndex } from './lunrQuery';

const WORDS = (
  'forecast forecasting forecaster series seasonal season trend horizon backtest origin metric error ' +
  'scaled absolute mean naive drift theta smoothing arima boosting lag rolling window calendar ' +
  'anomaly detector isolation forest threshold residual rocket kernel nearest neighbour warping ' +
  'accuracy balanced tracker experiment dataset manifest pipeline organism molecule atom base mase'
).split(' ');

// A deterministic generator: the same pages on every run.
function pages(count: number) {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  return Array.from({ length: count }, (_, i) => ({
    title: `${pick()} ${pick()}`,
    text: Array.from({ length: 5 + Math.floor(random() * 40) }, pick).join(' '),
    location: `/docs/default/component/site-${i % 7}/page-${i}/`,
    level: ['atom', 'molecule', 'organism'][i % 3],
    tasks: [['forecasting', 'classification', 'anomalydetection'][i % 3]],
  }));
}

/** A Lunr index built by Backstage's own indexer, as the engine builds it. */
async function backstageIndex(count: number) {
  const indexer = await new LunrSearchEngine({
    logger: mockServices.logger.mock(),
  }).getIndexer('techdocs');
  const closed = new Promise(resolve => indexer.on('close', resolve));
  await pipeline(Readable.from(pages(count)), indexer);
  await closed;
  return indexer.buildIndex();
}

const translate = portalLunrTranslator(mockServices.logger.mock());

const queries: [string, lunr.Index.QueryBuilder][] = [
  ...[
    'forecast',
    'forecasting error',
    'mase',
    'thet',
    'forcast',
    'seasonal naive drift',
    'isolation forest threshold',
    'nothingsuch',
    'the',
    '',
  ].map(
    term =>
      [term, translate({ term }).lunrQueryBuilder] as [
        string,
        lunr.Index.QueryBuilder,
      ],
  ),
  [
    'a filter',
    translate({ term: 'forecast', filters: { level: 'molecule' } })
      .lunrQueryBuilder,
  ],
  [
    'a filter and no words',
    translate({ term: '', filters: { level: 'organism' } }).lunrQueryBuilder,
  ],
  [
    'two filters',
    translate({
      term: 'error trend',
      filters: { level: 'atom', location: 'site-3' },
    }).lunrQueryBuilder,
  ],
  [
    'a filter no page has',
    translate({ term: 'forecast', filters: { level: 'cell' } })
      .lunrQueryBuilder,
  ],
  [
    'Backstage’s two letters off',
    q => q.term(lunr.tokenizer('mase trnd'), { editDistance: 2 }),
  ],
  [
    'a word left out',
    q =>
      q
        .term('forecast', { wildcard: lunr.Query.wildcard.TRAILING })
        .term('error', { presence: lunr.Query.presence.PROHIBITED }),
  ],
  [
    'only a word left out',
    q => q.term('error', { presence: lunr.Query.presence.PROHIBITED }),
  ],
];

describe('runLunrQuery', () => {
  let index: lunr.Index;
  let scored: ScoredLunrIndex;
  beforeAll(async () => {
    index = await backstageIndex(400);
    scored = new ScoredLunrIndex(index);
  });

  it.each(queries)(
    'finds the pages Lunr does, with Lunr’s scores, in Lunr’s order: %s',
    (_name, build) => {
      const lunrs = index.query(build);
      const ours = runLunrQuery(scored, build).matches;
      const lunrScore = new Map(lunrs.map(r => [r.ref, r.score]));
      expect(new Set(ours.map(m => m.ref))).toEqual(new Set(lunrScore.keys()));
      for (const m of ours)
        expect(m.score).toBeCloseTo(lunrScore.get(m.ref)!, 9);
      // Rank by rank, the same score: pages can trade places only where their scores are equal up to
      // rounding (summed in another order).
      ours.forEach((m, i) => expect(m.score).toBeCloseTo(lunrs[i].score, 9));
      const swapped = ours.filter((m, i) => m.ref !== lunrs[i].ref).length;
      expect(swapped).toBeLessThanOrEqual(ours.length / 20);
    },
  );

  it('the real queries find pages, so the comparison above means something', () => {
    expect(index.query(queries[0][1]).length).toBeGreaterThan(50);
    expect(index.query(queries[10][1]).length).toBeGreaterThan(10);
  });

  it('says which words matched in which field of a page, as Lunr’s match data does', () => {
    const build = translate({
      term: 'forcast',
      filters: { level: 'molecule' },
    }).lunrQueryBuilder;
    const found = runLunrQuery(scored, build);
    for (const result of index.query(build).slice(0, 25)) {
      const expected = new Map<string, Set<string>>();
      for (const [word, fields] of Object.entries(result.matchData.metadata)) {
        for (const field of Object.keys(fields)) {
          expected.set(field, (expected.get(field) ?? new Set()).add(word));
        }
      }
      expect(found.matchedWords(result.ref)).toEqual(expected);
    }
  });
});
