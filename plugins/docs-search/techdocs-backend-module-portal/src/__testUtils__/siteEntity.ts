import { Entity } from '@backstage/catalog-model';

/** A Component defined in the catalog file at `catalogFile` whose docs are at `dir:<ref>` beside it. */
export function siteEntity(catalogFile: string, ref = '.'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'site',
      annotations: {
        'backstage.io/managed-by-location': `file:${catalogFile}`,
        'backstage.io/techdocs-ref': `dir:${ref}`,
      },
    },
    spec: {},
  };
}
