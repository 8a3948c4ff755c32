import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { clearmlPage, experimentsContent } from './plugin';

describe('clearml plugin', () => {
  it('serves the ClearML page at /experiments, leaving /clearml/ to the edge proxy', () => {
    const tester = createExtensionTester(clearmlPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/experiments');
    expect(tester.get(coreExtensionData.title)).toBe('ClearML');
  });

  it('adds the Experiments tab to entity pages', () => {
    const tester = createExtensionTester(experimentsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('experiments');
  });
});
