import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** How far the card follows the graph, and how many entities it shows at most per direction. */
export const MAX_DEPTH = 8;
export const MAX_NODES = 300;

export type CompositionNode = {
  ref: string;
  /** Undefined when the catalog does not have the entity. */
  entity?: Entity;
  children: CompositionNode[];
  /** The entity appears again below itself (a dependency cycle): not expanded further. */
  cycle?: boolean;
};

export type CompositionTree = {
  nodes: CompositionNode[];
  /** The graph goes on beyond MAX_DEPTH or MAX_NODES. */
  truncated: boolean;
};

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.labels',
  'relations',
];

export type Direction = 'builtFrom' | 'usedBy';

const RELATION: Record<Direction, string> = {
  builtFrom: RELATION_DEPENDS_ON,
  usedBy: RELATION_DEPENDENCY_OF,
};

function related(entity: Entity | undefined, direction: Direction): string[] {
  return (entity?.relations ?? [])
    .filter(r => r.type === RELATION[direction])
    .map(r => r.targetRef);
}

/**
 * What `root` is built from (or used by), recursively: fetched one level of the graph at a time
 * with `getEntitiesByRefs` and only the fields the card shows, bounded by MAX_DEPTH and MAX_NODES.
 */
export async function loadComposition(
  catalogApi: CatalogApi,
  root: Entity,
  direction: Direction,
): Promise<CompositionTree> {
  const entities = new Map<string, Entity | undefined>();
  const rootRef = stringifyEntityRef(root);
  entities.set(rootRef, root);
  let frontier = related(root, direction);
  let truncated = false;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const toFetch = [...new Set(frontier)].filter(ref => !entities.has(ref));
    if (entities.size + toFetch.length > MAX_NODES) {
      truncated = true;
      break;
    }
    if (toFetch.length) {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: toFetch,
        fields: FIELDS,
      });
      toFetch.forEach((ref, i) => entities.set(ref, items[i] ?? undefined));
    }
    frontier = toFetch.flatMap(ref => related(entities.get(ref), direction));
    if (depth === MAX_DEPTH - 1 && frontier.length) {
      truncated = true;
    }
  }

  let shown = 0;
  const build = (ref: string, path: Set<string>): CompositionNode => {
    shown++;
    const entity = entities.get(ref);
    if (path.has(ref)) {
      return { ref, entity, children: [], cycle: true };
    }
    const next = new Set(path).add(ref);
    const children = related(entity, direction)
      .filter(child => entities.has(child) && shown < MAX_NODES)
      .map(child => build(child, next));
    return { ref, entity, children };
  };
  const nodes = related(root, direction)
    .filter(ref => entities.has(ref))
    .map(ref => build(ref, new Set([rootRef])));
  return { nodes, truncated: truncated || shown >= MAX_NODES };
}
