import { Entity } from '@backstage/catalog-model';
// Only tests import this subpath, and they have frontend-test-utils as a devDependency; as a (peer)
// dependency here it would reach the production image (deploy/tests/test_image.py).
// eslint-disable-next-line @backstage/no-undeclared-imports
import { renderInTestApp, TestApiPairs } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/**
 * Renders a plugin's page, card or tab in Backstage's test app with `apis` standing in for the APIs it
 * reads, and the catalog's entity page mounted so that links to entities resolve; given an `entity`, on
 * that entity's page.
 *
 * @public
 */
export function renderWithApis<const TApiPairs extends any[]>(
  element: JSX.Element,
  apis: readonly [...TestApiPairs<TApiPairs>],
  options: { entity?: Entity } = {},
) {
  return renderInTestApp(
    options.entity ? (
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
