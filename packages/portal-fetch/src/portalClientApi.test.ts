import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { PortalFetchApis } from './getPortalJson';
import { portalClientApi } from './portalClientApi';

class NotesClient {
  constructor(readonly apis: PortalFetchApis) {}
}

const notesApiRef = createApiRef<NotesClient>({ id: 'plugin.notes.api' });

describe('portalClientApi', () => {
  it("provides the plugin's client under its API ref, made from the app's discovery and fetch APIs", () => {
    const factory = createExtensionTester(
      portalClientApi(notesApiRef, NotesClient),
    ).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(notesApiRef);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    const apis = {
      discoveryApi: { getBaseUrl: async (id: string) => `/api/${id}` },
      fetchApi: { fetch },
    };
    const client = factory.factory(apis);
    expect(client).toBeInstanceOf(NotesClient);
    expect((client as NotesClient).apis).toBe(apis);
  });
});
