import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { UpgradeList } from '@mlops-portal/plugin-template-upgrades-common';
import { TemplateUpgradesApi } from './TemplateUpgradesApi';

/** Calls `/api/template-upgrades` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class TemplateUpgradesClient implements TemplateUpgradesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listUpgrades(): Promise<UpgradeList> {
    const base = await this.discoveryApi.getBaseUrl('template-upgrades');
    const res = await this.fetchApi.fetch(`${base}/projects`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as UpgradeList;
  }
}
