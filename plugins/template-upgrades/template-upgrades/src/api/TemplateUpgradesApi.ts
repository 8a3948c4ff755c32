import { createApiRef } from '@backstage/frontend-plugin-api';
import { UpgradeList } from '@mlops-portal/plugin-template-upgrades-common';

/** The portal backend's template-upgrades routes. */
export interface TemplateUpgradesApi {
  listUpgrades(): Promise<UpgradeList>;
}

export const templateUpgradesApiRef = createApiRef<TemplateUpgradesApi>({
  id: 'plugin.template-upgrades.api',
});
