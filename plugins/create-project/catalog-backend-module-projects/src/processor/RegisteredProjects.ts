import { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The project a registered location has brought into the catalog. */
export interface RegisteredProjects {
  /**
   * The name of the Component the catalog holds from this location (registered through it), or
   * `undefined` when it holds none yet (the location was just registered) or more than one.
   */
  registeredName(target: string): Promise<string | undefined>;
}

/** Asks the catalog which Component came from the location, with the catalog's own credentials. */
export class CatalogRegisteredProjects implements RegisteredProjects {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(deps: { catalog: CatalogService; auth: AuthService }) {
    return new CatalogRegisteredProjects(deps.catalog, deps.auth);
  }

  async registeredName(target: string) {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: `url:${target}`,
        },
        fields: ['metadata.name'],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items.length === 1 ? items[0].metadata.name : undefined;
  }
}
