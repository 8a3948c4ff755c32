import lunr from 'lunr';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  LunrQueryTranslator,
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

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

/**
 * Backstage's in-process (Lunr) engine with the portal's translator, and an empty result instead of an
 * error while a document type has no index yet. Backstage's engine throws "Missing index" when asked
 * for a type that no collator has finished indexing (the first seconds after a start, or a type whose
 * collator found nothing), which the search page shows as a failed search and the backend logs as an
 * error; nothing is indexed for that type yet, so nothing is what the researcher gets.
 */
export class PortalLunrSearchEngine extends LunrSearchEngine {
  constructor(options: { logger: LoggerService }) {
    super(options);
    this.setTranslator(portalLunrTranslator(options.logger));
  }

  async query(query: SearchQuery): Promise<IndexableResultSet> {
    try {
      return await super.query(query);
    } catch (error) {
      if (error instanceof MissingIndexError) {
        return { results: [], numberOfResults: 0 };
      }
      throw error;
    }
  }
}
