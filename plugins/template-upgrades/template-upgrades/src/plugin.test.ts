import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { templateUpgradesPage } from './plugin';

describe('template-upgrades', () => {
  it('serves the Template upgrades page at /template-upgrades with a sidebar title', () => {
    const tester = createExtensionTester(templateUpgradesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/template-upgrades');
    expect(tester.get(coreExtensionData.title)).toBe('Template upgrades');
  });
});
