import { PortalFetchApis } from '../getPortalJson';

/**
 * A JSON answer of a portal backend route.
 *
 * @public
 */
export function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A portal backend route's failure, as Backstage's error middleware writes it (the body a
 * `ResponseError` reads the backend's message from).
 *
 * @public
 */
export function errorAnswer(
  status: number,
  error: { name: string; message: string },
): Response {
  return jsonAnswer(status, { error, response: { statusCode: status } });
}

/**
 * The discovery and fetch APIs of a browser in front of a portal backend at `http://portal.test`, whose
 * routes `respond` answers; `calls` are the URLs asked, in order.
 *
 * @public
 */
export function portalBackendDouble(
  respond: (url: string) => Response | Promise<Response>,
): { apis: PortalFetchApis; calls: string[] } {
  const calls: string[] = [];
  const apis: PortalFetchApis = {
    discoveryApi: {
      getBaseUrl: async pluginId => `http://portal.test/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (async (url: string) => {
        calls.push(url);
        return respond(url);
      }) as typeof fetch,
    },
  };
  return { apis, calls };
}
