import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { exploreDataContent, explorePage } from './plugin';

describe('rath plugin', () => {
  it('serves Explore data at /explore, leaving /rath/ to the edge proxy', () => {
    const tester = createExtensionTester(explorePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/explore');
    expect(tester.get(coreExtensionData.title)).toBe('Explore data');
  });

  it('adds the Explore dataset tab to entity pages', () => {
    const tester = createExtensionTester(exploreDataContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('explore-dataset');
  });
});
