import { DatabaseService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  TargetLevel,
  levelOf,
} from '@mlops-portal/plugin-atomic-catalog-common';

/** Finds out, for `dependsOn` targets, whether they are in the catalog and at which level. */
export interface TargetLevelResolver {
  /**
   * The level of each target (keyed by the full entity ref given): a level, `null` for an entity
   * without a (known) level, `undefined` for an entity the catalog does not have.
   */
  levelsOf(entityRefs: string[]): Promise<Map<string, TargetLevel>>;
}

/** Refs per query, as the catalog's own lookup by refs reads them on SQLite (bound-parameter limits). */
const REFS_PER_QUERY = 200;

/**
 * Reads the targets' level labels from the catalog's table of finished entities (`final_entities`,
 * keyed by the lower-case entity ref), the same rows the catalog's `getEntitiesByRefs` answers from.
 * This module belongs to the catalog plugin and so shares its database. Asking over HTTP instead
 * made every batch of processed entities a request to the backend itself, with a token signed and
 * verified, the request validated and the answer compressed and decompressed: about a tenth of the
 * backend's CPU during an ingest (bench/README.md, catalog ingest). Nothing is cached, so every
 * processing pass sees the catalog as it is; an entity not stitched yet (no final entity) counts as
 * not in the catalog, as it does for `getEntitiesByRefs`.
 */
export class CatalogDatabaseTargetLevelResolver implements TargetLevelResolver {
  private constructor(private readonly database: DatabaseService) {}

  static create(deps: {
    database: DatabaseService;
  }): CatalogDatabaseTargetLevelResolver {
    return new CatalogDatabaseTargetLevelResolver(deps.database);
  }

  async levelsOf(entityRefs: string[]): Promise<Map<string, TargetLevel>> {
    const levels = new Map<string, TargetLevel>();
    if (entityRefs.length === 0) {
      return levels;
    }
    // The table's refs are lower case, as the catalog's own lookup by refs compares them.
    const keys = entityRefs.map(ref => ref.toLowerCase());
    const wanted = [...new Set(keys)];
    const knex = await this.database.getClient();
    const found = new Map<string, string>();
    for (let i = 0; i < wanted.length; i += REFS_PER_QUERY) {
      const rows: Array<{ entity_ref: string; final_entity: string | null }> =
        await knex('final_entities')
          .select('entity_ref', 'final_entity')
          .whereIn('entity_ref', wanted.slice(i, i + REFS_PER_QUERY));
      for (const row of rows) {
        if (row.final_entity) found.set(row.entity_ref, row.final_entity);
      }
    }
    entityRefs.forEach((ref, i) => {
      const text = found.get(keys[i]);
      levels.set(
        ref,
        text === undefined
          ? undefined
          : levelOf(JSON.parse(text) as Entity) ?? null,
      );
    });
    return levels;
  }
}
