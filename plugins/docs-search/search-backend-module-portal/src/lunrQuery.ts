import lunr from 'lunr';

/** What a built Lunr index holds, as lunr.Index.query reads it (the typings leave it out). */
type IndexData = {
  fields: string[];
  invertedIndex: Record<
    string,
    Record<string, Record<string, unknown>> & { _index: number }
  >;
  fieldVectors: Record<string, lunr.Vector & { elements: number[] }>;
  tokenSet: lunr.TokenSet;
  pipeline: lunr.Pipeline;
};

type Clause = lunr.Query.Clause & { presence: number };

/** The parts of Lunr used here that its typings leave out. */
export const lunrParts = lunr as unknown as {
  FieldRef: {
    fromString(fieldRef: string): { docRef: string; fieldName: string };
  };
  TokenSet: { fromClause(clause: Clause): lunr.TokenSet };
  tokenizer(
    text: string,
    metadata: object,
  ): (lunr.Token & { metadata: { position?: [number, number] } })[];
};
type Pipeline = {
  runString(term: string, metadata: object): string[];
  run<T>(tokens: T[]): T[];
};

/** A page that matched, best first, as lunr.Index.query ranks it. */
export type LunrMatch = { ref: string; score: number };

/** The answer to a query: the matching pages, and which indexed words matched where in a page. */
export type LunrQueryResult = {
  matches: LunrMatch[];
  /** The indexed words of the query found in each field of the page `ref` (for highlighting). */
  matchedWords(ref: string): Map<string, Set<string>>;
};

type Posting = { docs: Uint32Array; weights: Float64Array };
const NOWHERE: Posting = {
  docs: new Uint32Array(0),
  weights: new Float64Array(0),
};

/** Whether `docs` (in ascending order, as every posting is) holds `doc`. */
function has(docs: Uint32Array, doc: number): boolean {
  let low = 0;
  let high = docs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (docs[middle] === doc) return true;
    if (docs[middle] < doc) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * A built Lunr index laid out for scoring: pages numbered in index order, and for every indexed word
 * and field the pages that have it with the word's weight in that page's field vector (the weight Lunr
 * multiplies by the query's boost). Built once when an index is built.
 */
export class ScoredLunrIndex {
  readonly refs: string[] = [];
  /** A page's number: its place in `refs`. */
  readonly numbers = new Map<string, number>();
  private readonly postings = new Map<string, Map<string, Posting>>();

  constructor(readonly index: lunr.Index) {
    const data = index as unknown as IndexData;
    const wordOf: string[] = [];
    for (const [word, posting] of Object.entries(data.invertedIndex)) {
      wordOf[posting._index] = word;
    }
    // One pass over the field vectors: pages in index order, so each list is in Lunr's page order and
    // in ascending page numbers.
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    const numbers = this.numbers;
    for (const [fieldRef, vector] of Object.entries(data.fieldVectors)) {
      const { docRef, fieldName } = lunrParts.FieldRef.fromString(fieldRef);
      let doc = numbers.get(docRef);
      if (doc === undefined) {
        doc = this.refs.length;
        numbers.set(docRef, doc);
        this.refs.push(docRef);
      }
      const elements = vector.elements;
      for (let i = 0; i < elements.length; i += 2) {
        const key = `${elements[i]}/${fieldName}`;
        let list = lists.get(key);
        if (!list) {
          list = { docs: [], weights: [] };
          lists.set(key, list);
        }
        list.docs.push(doc);
        list.weights.push(elements[i + 1]);
      }
    }
    for (const [key, { docs, weights }] of lists) {
      const slash = key.indexOf('/');
      const word = wordOf[Number(key.slice(0, slash))];
      const byField = this.postings.get(word) ?? new Map<string, Posting>();
      byField.set(key.slice(slash + 1), {
        docs: Uint32Array.from(docs),
        weights: Float64Array.from(weights),
      });
      this.postings.set(word, byField);
    }
  }

  /** The pages that have `word` in `field`, and its weight in each. */
  posting(word: string, field: string): Posting {
    return this.postings.get(word)?.get(field) ?? NOWHERE;
  }
}

/**
 * Runs a Lunr query against a Lunr index and ranks the pages exactly as `lunr.Index.query` does
 * (the same clauses, expansions, required and prohibited words, scores, and order of equal scores),
 * without what makes Lunr's own method slow on a large index: it builds a set of pages for every word
 * and field of every clause, an object and a copy of the match metadata for every (page, field) that
 * matched, and parses those back to score them. Here scores are summed over arrays prepared when the
 * index was built (ScoredLunrIndex), and which words matched is worked out only for the pages shown.
 */
export function runLunrQuery(
  scored: ScoredLunrIndex,
  buildQuery: lunr.Index.QueryBuilder,
): LunrQueryResult {
  const index = scored.index as unknown as IndexData;
  const query = new lunr.Query(index.fields);
  buildQuery.call(query, query);
  const { REQUIRED, PROHIBITED } = lunr.Query.presence;

  // The query vector of each field: term index → summed boost (lunr.Vector.upsert with +).
  const queryWeights = new Map<string, Map<number, number>>();
  // Every (word, field) that contributes matches, in the order Lunr meets them.
  const contributing: { word: string; field: string; termIndex: number }[] = [];
  const seen = new Set<string>();
  // Per field with a required clause, the pages every such clause matched.
  const required = new Map<string, Set<number>>();
  const prohibited = new Set<number>();

  for (const clause of query.clauses as Clause[]) {
    const terms = clause.usePipeline
      ? (index.pipeline as unknown as Pipeline).runString(clause.term, {
          fields: clause.fields,
        })
      : [clause.term];
    const clauseMatches = new Set<number>();
    let noWord = false;
    for (const term of terms) {
      const expanded = index.tokenSet
        .intersect(lunrParts.TokenSet.fromClause({ ...clause, term }))
        .toArray();
      if (expanded.length === 0 && clause.presence === REQUIRED) {
        noWord = true;
        break;
      }
      for (const word of expanded) {
        const termIndex = index.invertedIndex[word]._index;
        for (const field of clause.fields) {
          const { docs } = scored.posting(word, field);
          if (clause.presence === REQUIRED) {
            docs.forEach(doc => clauseMatches.add(doc));
          }
          if (clause.presence === PROHIBITED) {
            docs.forEach(doc => prohibited.add(doc));
            continue;
          }
          const weights = queryWeights.get(field) ?? new Map<number, number>();
          weights.set(termIndex, (weights.get(termIndex) ?? 0) + clause.boost);
          queryWeights.set(field, weights);
          const key = `${word}/${field}`;
          if (!seen.has(key)) {
            seen.add(key);
            contributing.push({ word, field, termIndex });
          }
        }
      }
    }
    if (clause.presence === REQUIRED) {
      for (const field of clause.fields) {
        const before = required.get(field);
        const now = noWord ? new Set<number>() : clauseMatches;
        required.set(
          field,
          before ? new Set([...before].filter(doc => now.has(doc))) : now,
        );
      }
    }
  }

  const admitted = new Uint8Array(scored.refs.length).fill(1);
  for (const pages of required.values()) {
    admitted.forEach((_, doc) => {
      if (!pages.has(doc)) admitted[doc] = 0;
    });
  }
  prohibited.forEach(doc => (admitted[doc] = 0));

  const scores = new Float64Array(scored.refs.length);
  const met = new Uint8Array(scored.refs.length);
  const order: number[] = [];
  const negated = query.clauses.every(
    clause => (clause as Clause).presence === PROHIBITED,
  );
  if (negated) {
    // Only words to leave out (or no words at all): every other page, unranked, in index order.
    admitted.forEach((yes, doc) => yes && order.push(doc));
  } else {
    const magnitudes = new Map<string, number>();
    for (const [field, weights] of queryWeights) {
      let sum = 0;
      weights.forEach(w => (sum += w * w));
      magnitudes.set(field, Math.sqrt(sum));
    }
    for (const { word, field, termIndex } of contributing) {
      const factor =
        queryWeights.get(field)!.get(termIndex)! / magnitudes.get(field)!;
      const { docs, weights } = scored.posting(word, field);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (!admitted[doc]) continue;
        if (!met[doc]) {
          met[doc] = 1;
          order.push(doc);
        }
        scores[doc] += factor * weights[i] || 0;
      }
    }
  }

  // Array.prototype.sort is stable: equal scores keep the order Lunr meets the pages in.
  order.sort((a, b) => scores[b] - scores[a]);
  return {
    matches: order.map(doc => ({ ref: scored.refs[doc], score: scores[doc] })),
    matchedWords(ref) {
      const doc = scored.numbers.get(ref);
      const words = new Map<string, Set<string>>();
      for (const { word, field } of contributing) {
        if (doc === undefined || !has(scored.posting(word, field).docs, doc)) {
          continue;
        }
        const inField = words.get(field) ?? new Set<string>();
        inField.add(word);
        words.set(field, inField);
      }
      return words;
    },
  };
}
