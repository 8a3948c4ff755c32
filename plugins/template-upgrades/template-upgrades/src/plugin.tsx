import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { portalClientApi } from '@mlops-portal/portal-fetch';
import UpdateIcon from '@material-ui/icons/Update';
import { templateUpgradesApiRef, TemplateUpgradesClient } from './api';
import { rootRouteRef } from './routes';

/** The portal backend's template-upgrades routes. */
export const templateUpgradesApi = portalClientApi(
  templateUpgradesApiRef,
  TemplateUpgradesClient,
);

/** The Template upgrades page at /template-upgrades, loaded when it is opened. */
export const templateUpgradesPage = PageBlueprint.make({
  params: {
    path: '/template-upgrades',
    title: 'Template upgrades',
    icon: <UpdateIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TemplateUpgradesPage').then(m => (
        <m.TemplateUpgradesPage />
      )),
  },
});

/** Template upgrades: the page listing projects behind their template. */
export const templateUpgradesPlugin = createFrontendPlugin({
  pluginId: 'template-upgrades',
  info: { packageJson: () => import('../package.json') },
  extensions: [templateUpgradesApi, templateUpgradesPage],
  routes: {
    root: rootRouteRef,
  },
});
