import lunr from 'lunr';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  LunrQueryTranslator,
  LunrSearchEngine,
} from '@backstage/plugin-search-backend-node';
import {
  IndexableDocument,
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';
import {
  LunrMatch,
  LunrQueryResult,
  lunrParts,
  runLunrQuery,
  ScoredLunrIndex,
} from './lunrQuery';

/** The shortest word for which search also tolerates a typo (one letter changed, added or dropped). */
export const FUZZY_MIN_LENGTH = 5;

/**
 * How the portal's in-process engine reads a query. Like Backstage's own translator, each word matches
 * as written (stemmed, strongest) and as the start of a longer word; unlike it, a typo is tolerated only
 * in words of FUZZY_MIN_LENGTH letters or more, and only one letter off. Backstage allows two letters off
 * in every word, which for the short words researchers type (MASE, MAE, lag, ARIMA) matches unrelated
 * words (`mase` finds `base`, `same`, `mae`) and is the most expensive part of a query: every extra word
 * it expands to adds its pages to the set that is scored. Filters work as in Backstage's translator.
 */
export function portalLunrTranslator(
  logger: LoggerService,
): LunrQueryTranslator {
  return ({ term, filters, types, pageLimit }: SearchQuery) => ({
    documentTypes: types,
    pageSize: pageLimit || 25,
    lunrQueryBuilder: q => {
      const tokens = lunr.tokenizer(term);
      q.term(tokens, { usePipeline: true, boost: 100 });
      q.term(tokens, {
        usePipeline: false,
        boost: 10,
        wildcard: lunr.Query.wildcard.TRAILING,
      });
      const long = tokens.filter(t => t.toString().length >= FUZZY_MIN_LENGTH);
      if (long.length > 0) {
        q.term(long, { usePipeline: false, editDistance: 1, boost: 1 });
      }
      for (const [field, fieldValue] of Object.entries(filters ?? {})) {
        if (!q.allFields.includes(field)) {
          // The engine skips a document type that lacks the field (its message is matched on).
          throw new Error(`unrecognised field ${field}`);
        }
        const value =
          Array.isArray(fieldValue) && fieldValue.length === 1
            ? fieldValue[0]
            : fieldValue;
        if (['string', 'number', 'boolean'].includes(typeof value)) {
          q.term(
            lunr
              .tokenizer(String(value))
              .map(token => lunr.stopWordFilter(token))
              .filter((token): token is lunr.Token => token !== undefined),
            { presence: lunr.Query.presence.REQUIRED, fields: [field] },
          );
        } else if (Array.isArray(value)) {
          logger.warn('Search filter with several values', { field });
          q.term(lunr.tokenizer(value), {
            presence: lunr.Query.presence.OPTIONAL,
            fields: [field],
          });
        } else {
          logger.warn('Search filter of an unknown type', { field });
        }
      }
    },
  });
}

/** Match data for a page without word positions: every posting of the index points at this one object. */
const NO_POSITIONS: object = Object.freeze(Object.create(null));

/**
 * What Backstage's Lunr indexer does to a field's words before it indexes them (trim, drop stop words,
 * stem); run again on a shown page's text to find where its matching words are.
 */
const indexPipeline = new lunr.Pipeline();
indexPipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);

/**
 * Drops the word positions that Backstage's indexer keeps for every word of every page. Lunr copies
 * them into every match of every query (thousands of pages for a common word), which was a third of a
 * query's time in garbage collection alone; the engine finds positions again for the shown page only.
 */
function dropPositions(index: lunr.Index): void {
  const postings = (
    index as unknown as {
      invertedIndex: Record<string, Record<string, unknown>>;
    }
  ).invertedIndex;
  for (const posting of Object.values(postings)) {
    for (const [field, documents] of Object.entries(posting)) {
      if (field === '_index') continue;
      const byDocument = documents as Record<string, unknown>;
      for (const ref of Object.keys(byDocument)) {
        byDocument[ref] = NO_POSITIONS;
      }
    }
  }
}

/**
 * The fields of a shown page with its matching words wrapped in the highlight tags. `matched` tells which
 * indexed words of the query the page has in which fields. A field's text is split and
 * stemmed as the indexer did, and every word that comes out as one of the matched words is wrapped, so
 * the highlights are the ones Backstage's engine computes from stored positions. List fields (a page's
 * tasks) carry no positions there and none here.
 */
export function highlightFields(
  document: IndexableDocument,
  matched: Map<string, Set<string>>,
  tags: { preTag: string; postTag: string },
): Record<string, string> {
  const highlighted: Record<string, string> = {};
  for (const [field, words] of matched) {
    const value = (document as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value);
    // The pipeline keeps a word's first letter once it is trimmed (the stemmer changes endings only),
    // so only the words that start as a matched word does need to go through it.
    const firsts = new Set([...words].map(word => word[0]));
    const tokens = lunrParts
      .tokenizer(text, { fields: [field] })
      .filter(token => firsts.has(token.toString().replace(/^\W+/, '')[0]));
    const spans = (indexPipeline.run(tokens) as typeof tokens)
      .filter(token => words.has(token.toString()))
      .map(token => token.metadata.position!)
      .sort((a, b) => a[0] - b[0]);
    if (spans.length === 0) continue;
    let out = '';
    let at = 0;
    for (const [start, length] of spans) {
      out += `${text.slice(at, start)}${tags.preTag}${text.slice(
        start,
        start + length,
      )}${tags.postTag}`;
      at = start + length;
    }
    highlighted[field] = out + text.slice(at);
  }
  return highlighted;
}

const decodePage = (cursor?: string) =>
  cursor ? Number(Buffer.from(cursor, 'base64').toString('utf-8')) : 0;
const encodePage = (page: number) =>
  Buffer.from(String(page), 'utf-8').toString('base64');

/**
 * Backstage's in-process (Lunr) engine with the portal's translator, an empty result instead of an
 * error while a document type has no index yet, and no word positions in the index.
 *
 * Backstage's engine throws "Missing index" when asked for a type that no collator has finished
 * indexing (the first seconds after a start, or a type whose collator found nothing), which the search
 * page shows as a failed search and the backend logs as an error; nothing is indexed for that type yet,
 * so nothing is what the researcher gets. Indexing is Backstage's; once a type's index is built its word
 * positions are dropped (see dropPositions) and highlights are found for the returned page only
 * (highlightFields). Ranking, paging and cursors are Backstage's.
 */
export class PortalLunrSearchEngine extends LunrSearchEngine {
  private readonly scored = new WeakMap<lunr.Index, ScoredLunrIndex>();

  constructor(options: { logger: LoggerService }) {
    super(options);
    this.setTranslator(portalLunrTranslator(options.logger));
  }

  async getIndexer(type: string) {
    const indexer = await super.getIndexer(type);
    // Backstage's engine puts the new index in place on 'close' (its listener was added first).
    indexer.on('close', () => {
      const index = this.lunrIndices[type];
      if (index && !this.scored.has(index)) {
        dropPositions(index);
        this.scored.set(index, new ScoredLunrIndex(index));
      }
    });
    return indexer;
  }

  private scoredIndex(index: lunr.Index): ScoredLunrIndex {
    let scored = this.scored.get(index);
    if (!scored) {
      scored = new ScoredLunrIndex(index);
      this.scored.set(index, scored);
    }
    return scored;
  }

  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const { lunrQueryBuilder, documentTypes, pageSize } = (
      this.translator as LunrQueryTranslator
    )(query);
    const matches: (LunrMatch & { type: string; found: LunrQueryResult })[] =
      [];
    for (const [type, index] of Object.entries(this.lunrIndices)) {
      if (documentTypes && !documentTypes.includes(type)) continue;
      try {
        const found = runLunrQuery(this.scoredIndex(index), lunrQueryBuilder);
        for (const match of found.matches) {
          matches.push({ ...match, type, found });
        }
      } catch (error) {
        // A filter on a field this type's documents lack: none of them match.
        if (
          error instanceof Error &&
          error.message.startsWith('unrecognised field')
        ) {
          continue;
        }
        throw error;
      }
    }
    matches.sort((a, b) => b.score - a.score);
    const page = decodePage(query.pageCursor);
    const offset = page * pageSize;
    const tags = {
      preTag: this.highlightPreTag,
      postTag: this.highlightPostTag,
    };
    return {
      results: matches
        .slice(offset, offset + pageSize)
        .map(({ ref, type, found }, i) => {
          const document = this.docStore[ref];
          return {
            type,
            document,
            rank: offset + i + 1,
            highlight: {
              ...tags,
              fields: highlightFields(document, found.matchedWords(ref), tags),
            },
          };
        }),
      numberOfResults: matches.length,
      nextPageCursor:
        matches.length > offset + pageSize ? encodePage(page + 1) : undefined,
      previousPageCursor: page > 0 ? encodePage(page - 1) : undefined,
    };
  }
}
