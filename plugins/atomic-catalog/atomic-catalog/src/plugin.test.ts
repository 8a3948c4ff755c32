import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { componentsPage, ruleViolationsCard } from './plugin';
import { libraryComponent, withViolations } from './__testUtils__/testEntities';

describe('atomic-catalog', () => {
  it('serves the Components page at /components with a sidebar title', () => {
    const tester = createExtensionTester(componentsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/components');
    expect(tester.get(coreExtensionData.title)).toBe('Components');
  });

  it('puts the rule violations card only on entities that break rules', () => {
    const tester = createExtensionTester(ruleViolationsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const valid = libraryComponent('theta', 'molecule');
    expect(filter(valid)).toBe(false);
    expect(
      filter(
        withViolations(valid, [{ rule: 'known-task', message: 'm', fix: 'f' }]),
      ),
    ).toBe(true);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });
});
