import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { portalClientApi } from '@mlops-portal/portal-fetch';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { getClearmlProjectName } from '@mlops-portal/plugin-clearml-common';
import TimelineIcon from '@material-ui/icons/Timeline';
import {
  clearmlApiRef,
  ClearmlClient,
} from '@mlops-portal/plugin-clearml-react';
import { rootRouteRef } from './routes';

const hasClearmlProject = (entity: Entity) =>
  getClearmlProjectName(entity) !== undefined;

/** The portal backend's ClearML routes. */
export const clearmlApi = portalClientApi(clearmlApiRef, ClearmlClient);

/**
 * ClearML's web app embedded at /experiments, framed from its own host name (clearml.webAppUrl).
 */
export const clearmlPage = PageBlueprint.make({
  params: {
    path: '/experiments',
    title: 'ClearML',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ClearmlPage').then(m => <m.ClearmlPage />),
  },
});

/** The latest experiments on the overview of an entity with a ClearML project. */
export const experimentsCard = EntityCardBlueprint.make({
  name: 'experiments',
  params: {
    filter: hasClearmlProject,
    loader: () =>
      import('./components/ExperimentsCard').then(m => <m.ExperimentsCard />),
  },
});

/** The Experiments tab: metric charts, models and dataset versions. */
export const experimentsContent = EntityContentBlueprint.make({
  name: 'experiments',
  params: {
    path: 'experiments',
    title: 'Experiments',
    filter: hasClearmlProject,
    loader: () =>
      import('./components/ExperimentsContent').then(m => (
        <m.ExperimentsContent />
      )),
  },
});

/** ClearML in the portal: the Experiments card and tab, and the embedded ClearML web app. */
export const clearmlPlugin = createFrontendPlugin({
  pluginId: 'clearml',
  info: { packageJson: () => import('../package.json') },
  extensions: [clearmlApi, clearmlPage, experimentsCard, experimentsContent],
  routes: {
    root: rootRouteRef,
  },
});
