import { createApiRef } from '@backstage/frontend-plugin-api';
import { Task } from '@mlops-portal/plugin-atomic-catalog-common';
import {
  ComponentBestResultResponse,
  LeaderboardResponse,
} from '@mlops-portal/plugin-leaderboard-common';

/** The portal backend's leaderboard routes. */
export interface LeaderboardApi {
  getLeaderboard(task: Task): Promise<LeaderboardResponse>;
  getComponentBest(entityRef: string): Promise<ComponentBestResultResponse>;
}

export const leaderboardApiRef = createApiRef<LeaderboardApi>({
  id: 'plugin.leaderboard.api',
});
