import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import ExploreIcon from '@material-ui/icons/Explore';
import { rootRouteRef } from './routes';

/** The Explore data page at /explore. (/rath/ itself is where the edge serves Rath.) */
export const explorePage = PageBlueprint.make({
  params: {
    path: '/explore',
    title: 'Explore data',
    icon: <ExploreIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ExplorePage').then(m => <m.ExplorePage />),
  },
});

/** Rath in the portal: the Explore data page. */
export const rathPlugin = createFrontendPlugin({
  pluginId: 'rath',
  info: { packageJson: () => import('../package.json') },
  extensions: [explorePage],
  routes: {
    root: rootRouteRef,
  },
});
