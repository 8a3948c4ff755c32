import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { explorePage } from './plugin';

describe('rath plugin', () => {
  it('serves Explore data at /explore, leaving /rath/ to the edge proxy', () => {
    const tester = createExtensionTester(explorePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/explore');
    expect(tester.get(coreExtensionData.title)).toBe('Explore data');
  });
});
