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
import { Content } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
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
      const [{ ImportInfoCard, ImportStepper }, { RequirePermission }] =
        await Promise.all([
          import('@backstage/plugin-catalog-import'),
          import('@backstage/plugin-permission-react'),
        ]);
      // The page's header comes from the frontend system (the plugin's title), as upstream's page does.
      return (
        <RequirePermission permission={catalogEntityCreatePermission}>
          <Content>
            <Grid container spacing={2}>
              <Grid item xs={12} md={8} lg={6} xl={4}>
                <ImportStepper />
              </Grid>
              <Grid item xs={12} md={4} lg={6} xl={8}>
                <ImportInfoCard />
              </Grid>
            </Grid>
          </Content>
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
