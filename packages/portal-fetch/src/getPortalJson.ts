import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';

/**
 * The two Backstage APIs a client of a portal backend plugin is made from.
 *
 * @public
 */
export type PortalFetchApis = {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
};

/**
 * `GET` a path of one of the portal's backend plugins (`/api/<pluginId><path>`) with the signed-in user's
 * token, and its JSON. An answer other than 2xx becomes a `ResponseError` that carries the backend's
 * message.
 *
 * @public
 */
export async function getPortalJson<T>(
  apis: PortalFetchApis,
  pluginId: string,
  path: string,
): Promise<T> {
  const base = await apis.discoveryApi.getBaseUrl(pluginId);
  const res = await apis.fetchApi.fetch(`${base}${path}`);
  if (!res.ok) {
    throw await ResponseError.fromResponse(res);
  }
  return (await res.json()) as T;
}
