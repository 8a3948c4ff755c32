import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
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

type Waiter = {
  refs: string[];
  resolve: (levels: Map<string, TargetLevel>) => void;
  reject: (error: unknown) => void;
};

/** How long a batch waits for more questions before it asks the catalog. */
const BATCH_WINDOW_MS = 5;
/** A batch holding this many refs goes to the catalog at once, so that one request stays small. */
const FLUSH_AT_REFS = 500;

/**
 * Reads the targets' level labels from the catalog. The catalog processes several entities at a
 * time and each asks about its own targets: the questions asked within a few milliseconds of each
 * other go to the catalog as one `getEntitiesByRefs` request instead of one request each. Nothing
 * is cached between batches, so every processing pass sees the catalog as it is.
 */
export class CatalogTargetLevelResolver implements TargetLevelResolver {
  private waiting: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

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

  levelsOf(entityRefs: string[]): Promise<Map<string, TargetLevel>> {
    if (entityRefs.length === 0) {
      return Promise.resolve(new Map());
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ refs: entityRefs, resolve, reject });
      const pendingRefs = this.waiting.reduce((n, w) => n + w.refs.length, 0);
      if (pendingRefs >= FLUSH_AT_REFS) {
        this.flush();
      } else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), BATCH_WINDOW_MS);
      }
    });
  }

  private flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) {
      return;
    }
    const refs = [...new Set(batch.flatMap(w => w.refs))];
    this.lookUp(refs).then(
      levels => {
        for (const waiter of batch) {
          waiter.resolve(new Map(waiter.refs.map(r => [r, levels.get(r)])));
        }
      },
      error => {
        for (const waiter of batch) {
          waiter.reject(error);
        }
      },
    );
  }

  private async lookUp(
    entityRefs: string[],
  ): Promise<Map<string, TargetLevel>> {
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs, fields: ['kind', 'metadata.name', 'metadata.labels'] },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const result = new Map<string, TargetLevel>();
    entityRefs.forEach((ref, i) => {
      const target = items[i];
      if (!target) {
        result.set(ref, undefined);
        return;
      }
      result.set(ref, levelOf(target) ?? null);
    });
    return result;
  }
}
