import { ScmIntegrationsApi } from '@backstage/integration-react';
import { mockApis } from '@backstage/frontend-test-utils';
import { LazyCatalogImportClient } from './LazyCatalogImportClient';

function client() {
  const addLocation = jest.fn(async () => ({
    exists: false,
    location: {
      id: 'x',
      type: 'url',
      target:
        'https://gitlab.example.com/research/sales/-/blob/main/catalog-info.yaml',
    },
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'sales-forecast' },
      },
    ],
  }));
  const config = mockApis.config();
  const lazy = new LazyCatalogImportClient({
    discoveryApi: { getBaseUrl: async () => 'http://localhost:7007/api' },
    fetchApi: { fetch: jest.fn() },
    scmAuthApi: { getCredentials: jest.fn() },
    scmIntegrationsApi: ScmIntegrationsApi.fromConfig(config),
    catalogApi: { addLocation } as any,
    configApi: config,
  });
  return { lazy, addLocation };
}

describe('Register existing component, loaded on first use', () => {
  it('analyses a catalog file URL as Backstage’s client does: a dry run of the location', async () => {
    const { lazy, addLocation } = client();
    const url =
      'https://gitlab.example.com/research/sales/-/blob/main/catalog-info.yaml';
    await expect(lazy.analyzeUrl(url)).resolves.toEqual({
      type: 'locations',
      locations: [
        {
          exists: false,
          target: url,
          entities: [
            { kind: 'Component', namespace: 'default', name: 'sales-forecast' },
          ],
        },
      ],
    });
    expect(addLocation).toHaveBeenCalledWith({
      type: 'url',
      target: url,
      dryRun: true,
    });
  });

  it('passes on the client’s sentence for a URL no integration knows', async () => {
    const { lazy } = client();
    await expect(
      lazy.analyzeUrl('https://unknown.example.com/group/repo'),
    ).rejects.toThrow(/not recognized as a valid git URL/);
  });
});
