import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReusablePart } from '@mlops-portal/plugin-atomic-catalog-common';
import EmojiEventsIcon from '@material-ui/icons/EmojiEvents';
import { leaderboardApiRef, LeaderboardClient } from './api';
import { rootRouteRef } from './routes';

/** The portal backend's leaderboard routes. */
export const leaderboardApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: leaderboardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new LeaderboardClient(deps),
    }),
});

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
