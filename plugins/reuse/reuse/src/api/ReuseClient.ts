import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ReuseMap, ReuseMapQuery } from '@mlops-portal/plugin-reuse-common';
import { ReuseApi, ReuseUsers } from './ReuseApi';

/** Calls `/api/reuse` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class ReuseClient implements ReuseApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getMap(query: ReuseMapQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return this.get<ReuseMap>(`/map?${params}`);
  }

  getUsers(entityRef: string) {
    return this.get<ReuseUsers>(
      `/users?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('reuse');
    const res = await this.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
