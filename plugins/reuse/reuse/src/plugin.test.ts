import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { reuseMapPage, usedByCard } from './plugin';

const entity = (level: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', labels: { 'mlops-portal.io/level': level } },
});

describe('reuse', () => {
  it('serves the Reuse map page at /reuse with a sidebar title', () => {
    const tester = createExtensionTester(reuseMapPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/reuse');
    expect(tester.get(coreExtensionData.title)).toBe('Reuse map');
  });

  it('puts the Projects using it card on components, not on projects', () => {
    const filter = createExtensionTester(usedByCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entity('molecule'))).toBe(true);
    expect(filter(entity('page'))).toBe(false);
    expect(filter({ ...entity('atom'), metadata: { name: 'y' } })).toBe(false);
  });
});
