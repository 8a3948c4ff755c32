import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { bestResultCard, leaderboardPage } from './plugin';

const entity = (level: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', labels: { 'mlops-portal.io/level': level } },
});

describe('leaderboard', () => {
  it('serves the Leaderboard page at /leaderboard with a sidebar title', () => {
    const tester = createExtensionTester(leaderboardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/leaderboard');
    expect(tester.get(coreExtensionData.title)).toBe('Leaderboard');
  });

  it('puts the Best result card on components, not on projects', () => {
    const filter = createExtensionTester(bestResultCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entity('molecule'))).toBe(true);
    expect(filter(entity('page'))).toBe(false);
  });
});
