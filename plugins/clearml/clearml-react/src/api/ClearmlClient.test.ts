import { ClearmlClient } from './ClearmlClient';

function client(respond: (url: string) => Response) {
  const calls: string[] = [];
  const api = new ClearmlClient({
    discoveryApi: { getBaseUrl: async id => `http://portal.test/api/${id}` },
    fetchApi: {
      fetch: (async (url: string) => {
        calls.push(url);
        return respond(url);
      }) as typeof fetch,
    },
  });
  return { api, calls };
}

describe('ClearmlClient', () => {
  it('asks the portal backend for one entity, with ids and refs encoded', async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ rows: [] }), { status: 200 }),
    );
    await api.getDatasetPreview('component:default/sales forecast', 'ds/1');
    await api.getMetricHistory('component:default/x', 'exp 2');
    expect(calls).toEqual([
      'http://portal.test/api/clearml/datasets/ds%2F1/preview?entityRef=component%3Adefault%2Fsales%20forecast',
      'http://portal.test/api/clearml/experiments/exp%202/metrics?entityRef=component%3Adefault%2Fx',
    ]);
  });

  it('turns an error answer into an error carrying the backend’s message', async () => {
    const { api } = client(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'ServiceUnavailableError',
              message: 'ClearML is not answering',
            },
            request: { method: 'GET', url: '/datasets' },
            response: { statusCode: 503 },
          }),
          { status: 503, headers: { 'content-type': 'application/json' } },
        ),
    );
    await expect(api.getDatasets('component:default/x')).rejects.toMatchObject({
      statusCode: 503,
      cause: { message: 'ClearML is not answering' },
    });
  });
});
