import { getPortalJson } from './getPortalJson';

function apis(respond: () => Response) {
  const calls: string[] = [];
  return {
    calls,
    apis: {
      discoveryApi: {
        getBaseUrl: async (id: string) => `http://portal.test/api/${id}`,
      },
      fetchApi: {
        fetch: (async (url: string) => {
          calls.push(url);
          return respond();
        }) as typeof fetch,
      },
    },
  };
}

describe('getPortalJson', () => {
  it("reads the plugin's route and gives its JSON", async () => {
    const { apis: a, calls } = apis(
      () => new Response(JSON.stringify({ groups: ['ml'] }), { status: 200 }),
    );
    await expect(
      getPortalJson(a, 'project-status', '/gitlab-groups?host=gitlab.test'),
    ).resolves.toEqual({ groups: ['ml'] });
    expect(calls).toEqual([
      'http://portal.test/api/project-status/gitlab-groups?host=gitlab.test',
    ]);
  });

  it('turns an error answer into an error carrying the backend’s message', async () => {
    const { apis: a } = apis(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/x',
            },
            request: { method: 'GET', url: '/status' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
    );
    await expect(
      getPortalJson(a, 'project-status', '/status?entityRef=x'),
    ).rejects.toMatchObject({
      statusCode: 404,
      cause: { message: 'No entity component:default/x' },
    });
  });
});
