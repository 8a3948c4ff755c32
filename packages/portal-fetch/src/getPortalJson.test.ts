import { getPortalJson } from './getPortalJson';
import { errorAnswer, jsonAnswer, portalBackendDouble } from './testUtils';

describe('getPortalJson', () => {
  it("reads the plugin's route and gives its JSON", async () => {
    const { apis, calls } = portalBackendDouble(() =>
      jsonAnswer(200, { groups: ['ml'] }),
    );
    await expect(
      getPortalJson(apis, 'project-status', '/gitlab-groups?host=gitlab.test'),
    ).resolves.toEqual({ groups: ['ml'] });
    expect(calls).toEqual([
      'http://portal.test/api/project-status/gitlab-groups?host=gitlab.test',
    ]);
  });

  it('turns an error answer into an error carrying the backend’s message', async () => {
    const { apis } = portalBackendDouble(() =>
      errorAnswer(404, {
        name: 'NotFoundError',
        message: 'No entity component:default/x',
      }),
    );
    await expect(
      getPortalJson(apis, 'project-status', '/status?entityRef=x'),
    ).rejects.toMatchObject({
      statusCode: 404,
      cause: { message: 'No entity component:default/x' },
    });
  });
});
