import {
  ApiBlueprint,
  ApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PortalFetchApis } from './getPortalJson';

/**
 * The `ApiBlueprint` extension that provides a portal plugin's client under its API ref: the client is
 * made from the app's `discoveryApi` and `fetchApi`, the two APIs `getPortalJson` reads with. A plugin
 * lists it among its extensions like any other API extension.
 *
 * @public
 */
export function portalClientApi<TApi>(
  apiRef: ApiRef<TApi>,
  Client: new (apis: PortalFetchApis) => TApi,
) {
  return ApiBlueprint.make({
    params: defineParams =>
      defineParams({
        api: apiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: deps => new Client(deps),
      }),
  });
}
