import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  scmAuthApiRef,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogImportApiRef } from '@backstage/plugin-catalog-import';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { LazyCatalogImportClient } from './LazyCatalogImportClient';

const importPageRouteRef = createRouteRef();

const catalogImportApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogImportApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        scmAuthApi: scmAuthApiRef,
        fetchApi: fetchApiRef,
        scmIntegrationsApi: scmIntegrationsApiRef,
        catalogApi: catalogApiRef,
        configApi: configApiRef,
      },
      factory: deps => new LazyCatalogImportClient(deps),
    }),
});

const catalogImportPage = PageBlueprint.make({
  params: {
    path: '/catalog-import',
    routeRef: importPageRouteRef,
    loader: async () => {
      const [{ DefaultImportPage }, { RequirePermission }] = await Promise.all([
        import('@backstage/plugin-catalog-import'),
        import('@backstage/plugin-permission-react'),
      ]);
      return (
        <RequirePermission permission={catalogEntityCreatePermission}>
          <DefaultImportPage />
        </RequirePermission>
      );
    },
  },
});

/**
 * Backstage's "Register existing component" (`@backstage/plugin-catalog-import`, which the app does not
 * discover: see app-config.yaml `app.packages`) with the same id, page and route, but nothing of it loaded
 * before the page opens: upstream's plugin entry builds its API client, and with it Octokit, at app start.
 */
export const catalogImportPlugin = createFrontendPlugin({
  pluginId: 'catalog-import',
  title: 'Register Existing Component',
  extensions: [catalogImportApi, catalogImportPage],
  routes: { importPage: importPageRouteRef },
});
