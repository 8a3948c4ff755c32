import { getPortalJson, PortalFetchApis } from '@mlops-portal/portal-fetch';
import { Task } from '@mlops-portal/plugin-atomic-catalog-common';
import {
  ComponentBestResultResponse,
  LeaderboardResponse,
} from '@mlops-portal/plugin-leaderboard-common';
import { LeaderboardApi } from './LeaderboardApi';

/** Calls `/api/leaderboard` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class LeaderboardClient implements LeaderboardApi {
  constructor(private readonly apis: PortalFetchApis) {}

  getLeaderboard(task: Task) {
    return getPortalJson<LeaderboardResponse>(
      this.apis,
      'leaderboard',
      `/runs?task=${encodeURIComponent(task)}`,
    );
  }

  getComponentBest(entityRef: string) {
    return getPortalJson<ComponentBestResultResponse>(
      this.apis,
      'leaderboard',
      `/components/best?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }
}
