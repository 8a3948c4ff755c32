import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { portalClientApi } from '@mlops-portal/portal-fetch';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReusablePart } from '@mlops-portal/plugin-atomic-catalog-common';
import ShareIcon from '@material-ui/icons/Share';
import { reuseApiRef, ReuseClient } from './api';
import { rootRouteRef } from './routes';

/** The portal backend's reuse routes. */
export const reuseApi = portalClientApi(reuseApiRef, ReuseClient);

/** The Reuse map page at /reuse. */
export const reuseMapPage = PageBlueprint.make({
  params: {
    path: '/reuse',
    title: 'Reuse map',
    icon: <ShareIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ReuseMapPage').then(m => <m.ReuseMapPage />),
  },
});

/** On a component's page: "Used by N projects", with links. */
export const usedByCard = EntityCardBlueprint.make({
  name: 'used-by-projects',
  params: {
    filter: isReusablePart,
    loader: () => import('./components/UsedByCard').then(m => <m.UsedByCard />),
  },
});

/** The reuse map: the Reuse map page and the Projects using it card. */
export const reusePlugin = createFrontendPlugin({
  pluginId: 'reuse',
  info: { packageJson: () => import('../package.json') },
  extensions: [reuseApi, reuseMapPage, usedByCard],
  routes: {
    root: rootRouteRef,
  },
});
