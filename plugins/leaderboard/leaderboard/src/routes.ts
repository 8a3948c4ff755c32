import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Leaderboard page. */
export const rootRouteRef = createRouteRef();
