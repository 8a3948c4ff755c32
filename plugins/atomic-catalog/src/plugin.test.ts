import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { componentsPage } from './plugin';

describe('atomic-catalog', () => {
  it('serves the Components page at /components with a sidebar title', () => {
    const tester = createExtensionTester(componentsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/components');
    expect(tester.get(coreExtensionData.title)).toBe('Components');
  });
});
