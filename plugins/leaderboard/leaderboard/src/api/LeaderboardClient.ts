import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { Task } from '@mlops-portal/plugin-atomic-catalog-common';
import {
  ComponentBestResultResponse,
  LeaderboardResponse,
} from '@mlops-portal/plugin-leaderboard-common';
import { LeaderboardApi } from './LeaderboardApi';

/** Calls `/api/leaderboard` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class LeaderboardClient implements LeaderboardApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getLeaderboard(task: Task) {
    return this.get<LeaderboardResponse>(
      `/runs?task=${encodeURIComponent(task)}`,
    );
  }

  getComponentBest(entityRef: string) {
    return this.get<ComponentBestResultResponse>(
      `/components/best?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('leaderboard');
    const res = await this.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
