import { getPortalJson, PortalFetchApis } from '@mlops-portal/portal-fetch';
import { UpgradeList } from '@mlops-portal/plugin-template-upgrades-common';
import { TemplateUpgradesApi } from './TemplateUpgradesApi';

/** Calls `/api/template-upgrades` with the signed-in user's token; a status other than 2xx is a `ResponseError`. */
export class TemplateUpgradesClient implements TemplateUpgradesApi {
  constructor(private readonly apis: PortalFetchApis) {}

  listUpgrades(): Promise<UpgradeList> {
    return getPortalJson<UpgradeList>(
      this.apis,
      'template-upgrades',
      '/projects',
    );
  }
}
