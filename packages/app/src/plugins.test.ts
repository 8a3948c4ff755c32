import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  OverridableFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import atomicCatalogPlugin from '@mlops-portal/plugin-atomic-catalog';
import clearmlPlugin from '@mlops-portal/plugin-clearml';
import leaderboardPlugin from '@mlops-portal/plugin-leaderboard';
import rathPlugin from '@mlops-portal/plugin-rath';
import reusePlugin from '@mlops-portal/plugin-reuse';
import templateUpgradesPlugin from '@mlops-portal/plugin-template-upgrades';

// What the app gets from the portal's own plugins, under the extension ids it names them by (the
// sidebar takes each page as `page:<pluginId>`).

type Extension = { plugin: OverridableFrontendPlugin; id: string };

function tester({ plugin, id }: Extension) {
  return createExtensionTester(plugin.getExtension(id));
}

describe("the portal's pages", () => {
  it.each<Extension & { path: string; title: string }>([
    {
      plugin: atomicCatalogPlugin,
      id: 'page:atomic-catalog',
      path: '/components',
      title: 'Components',
    },
    {
      plugin: reusePlugin,
      id: 'page:reuse',
      path: '/reuse',
      title: 'Reuse map',
    },
    {
      plugin: leaderboardPlugin,
      id: 'page:leaderboard',
      path: '/leaderboard',
      title: 'Leaderboard',
    },
    {
      plugin: templateUpgradesPlugin,
      id: 'page:template-upgrades',
      path: '/template-upgrades',
      title: 'Template upgrades',
    },
    // /clearml/ and /rath/ are the edge proxy's: the pages that frame those apps have paths of their own.
    {
      plugin: clearmlPlugin,
      id: 'page:clearml',
      path: '/experiments',
      title: 'ClearML',
    },
    {
      plugin: rathPlugin,
      id: 'page:rath',
      path: '/explore',
      title: 'Explore data',
    },
  ])('$id is at $path, titled $title in the sidebar', page => {
    expect(tester(page).get(coreExtensionData.routePath)).toBe(page.path);
    expect(tester(page).get(coreExtensionData.title)).toBe(page.title);
  });
});

describe("the tabs on a project's page", () => {
  it.each<Extension & { path: string }>([
    {
      plugin: clearmlPlugin,
      id: 'entity-content:clearml/experiments',
      path: 'experiments',
    },
    {
      plugin: rathPlugin,
      id: 'entity-content:rath/explore-dataset',
      path: 'explore-dataset',
    },
  ])('$id is at $path', tab => {
    expect(tester(tab).get(coreExtensionData.routePath)).toBe(tab.path);
  });
});

const component = (labels: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', labels },
});

describe("the cards on a component's page", () => {
  it.each<Extension>([
    { plugin: leaderboardPlugin, id: 'entity-card:leaderboard/best-result' },
    { plugin: reusePlugin, id: 'entity-card:reuse/used-by-projects' },
  ])('$id is on the reusable parts, not on projects', card => {
    // The plugins' own extension types are not in the table's row type: the filter is typed here.
    const shows: (entity: Entity) => boolean = tester(card).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(shows(component({ 'mlops-portal.io/level': 'molecule' }))).toBe(
      true,
    );
    expect(shows(component({ 'mlops-portal.io/level': 'page' }))).toBe(false);
    expect(shows(component({}))).toBe(false);
  });
});
