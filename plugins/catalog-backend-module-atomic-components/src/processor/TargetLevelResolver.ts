import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LEVEL_LABEL,
  TargetLevel,
  isLevel,
} from '@mlops-portal/plugin-atomic-catalog-common';

/** Finds out, for `dependsOn` targets, whether they are in the catalog and at which level. */
export interface TargetLevelResolver {
  /**
   * The level of each target (keyed by the full entity ref given): a level, `null` for an entity
   * without a (known) level, `undefined` for an entity the catalog does not have.
   */
  levelsOf(entityRefs: string[]): Promise<Map<string, TargetLevel>>;
}

/** Reads the targets' level labels from the catalog, in one request per checked entity. */
export class CatalogTargetLevelResolver implements TargetLevelResolver {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(deps: {
    catalog: CatalogService;
    auth: AuthService;
  }): CatalogTargetLevelResolver {
    return new CatalogTargetLevelResolver(deps.catalog, deps.auth);
  }

  async levelsOf(entityRefs: string[]): Promise<Map<string, TargetLevel>> {
    const result = new Map<string, TargetLevel>();
    if (entityRefs.length === 0) {
      return result;
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs, fields: ['kind', 'metadata.name', 'metadata.labels'] },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    entityRefs.forEach((ref, i) => {
      const target = items[i];
      if (!target) {
        result.set(ref, undefined);
        return;
      }
      const level = target.metadata.labels?.[LEVEL_LABEL];
      result.set(ref, isLevel(level) ? level : null);
    });
    return result;
  }
}
