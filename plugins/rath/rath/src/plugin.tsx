import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { getClearmlProjectName } from '@mlops-portal/plugin-clearml-common';
import ExploreIcon from '@material-ui/icons/Explore';
import { rootRouteRef } from './routes';

/** The Explore data page at /explore; Rath is framed from its own host name (rath.webAppUrl). */
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

/** The "Explore dataset" tab of an entity with a ClearML project: its dataset preview in Graphic Walker. */
export const exploreDataContent = EntityContentBlueprint.make({
  name: 'explore-dataset',
  params: {
    path: 'explore-dataset',
    title: 'Explore dataset',
    filter: (entity: Entity) => getClearmlProjectName(entity) !== undefined,
    loader: () =>
      import('./components/DatasetExplorer').then(m => <m.DatasetExplorer />),
  },
});

/** Rath in the portal: the Explore data page, and a project's dataset explored in the portal. */
export const rathPlugin = createFrontendPlugin({
  pluginId: 'rath',
  info: { packageJson: () => import('../package.json') },
  extensions: [explorePage, exploreDataContent],
  routes: {
    root: rootRouteRef,
  },
});
