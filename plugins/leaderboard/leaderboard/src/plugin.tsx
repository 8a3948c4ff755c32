import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { portalClientApi } from '@mlops-portal/portal-fetch';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReusablePart } from '@mlops-portal/plugin-atomic-catalog-common';
import EmojiEventsIcon from '@material-ui/icons/EmojiEvents';
import { leaderboardApiRef, LeaderboardClient } from './api';
import { rootRouteRef } from './routes';

/** The portal backend's leaderboard routes. */
export const leaderboardApi = portalClientApi(
  leaderboardApiRef,
  LeaderboardClient,
);

/** The Leaderboard page at /leaderboard. */
export const leaderboardPage = PageBlueprint.make({
  params: {
    path: '/leaderboard',
    title: 'Leaderboard',
    icon: <EmojiEventsIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/LeaderboardPage').then(m => <m.LeaderboardPage />),
  },
});

/** On a component's page: the best result it was part of. */
export const bestResultCard = EntityCardBlueprint.make({
  name: 'best-result',
  params: {
    filter: isReusablePart,
    loader: () =>
      import('./components/BestResultCard').then(m => <m.BestResultCard />),
  },
});

/** The cross-project leaderboard: the Leaderboard page and the Best result card. */
export const leaderboardPlugin = createFrontendPlugin({
  pluginId: 'leaderboard',
  info: { packageJson: () => import('../package.json') },
  extensions: [leaderboardApi, leaderboardPage, bestResultCard],
  routes: {
    root: rootRouteRef,
  },
});
