import { getPortalJson, PortalFetchApis } from '@mlops-portal/portal-fetch';
import { ReuseMap, ReuseMapQuery } from '@mlops-portal/plugin-reuse-common';
import { ReuseApi, ReuseUsers } from './ReuseApi';

/** Calls `/api/reuse` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class ReuseClient implements ReuseApi {
  constructor(private readonly apis: PortalFetchApis) {}

  getMap(query: ReuseMapQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return getPortalJson<ReuseMap>(this.apis, 'reuse', `/map?${params}`);
  }

  getUsers(entityRef: string) {
    return getPortalJson<ReuseUsers>(
      this.apis,
      'reuse',
      `/users?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }
}
