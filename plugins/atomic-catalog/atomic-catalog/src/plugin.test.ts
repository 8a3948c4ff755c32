import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ruleViolationsCard } from './plugin';
import {
  libraryComponent,
  withViolations,
} from '@mlops-portal/plugin-atomic-catalog-common/testUtils';

// The Components page's path and title are tested with the other pages in packages/app (plugins.test.ts).
describe('atomic-catalog', () => {
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
