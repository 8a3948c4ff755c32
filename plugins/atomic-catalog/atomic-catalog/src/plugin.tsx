import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  LEVEL_LABEL,
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';
import CategoryIcon from '@material-ui/icons/Category';
import { hasRuleViolations } from './catalog';
import { rootRouteRef } from './routes';

/** The Components page at /components: the five levels side by side. */
export const componentsPage = PageBlueprint.make({
  params: {
    path: '/components',
    title: 'Components',
    icon: <CategoryIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ComponentsPage').then(m => <m.ComponentsPage />),
  },
});

/**
 * A warning on the page of every entity that breaks atomic-design rules: each rule, what is wrong and
 * the fix, as the catalog module recorded them. A content card, listed first in app-config.yaml's
 * `app.extensions` so that it opens the overview.
 */
export const ruleViolationsCard = EntityCardBlueprint.make({
  name: 'rule-violations',
  params: {
    type: 'content',
    filter: hasRuleViolations,
    loader: () =>
      import('./components/RuleViolationsCard').then(m => (
        <m.RuleViolationsCard />
      )),
  },
});

/** What an entity with a level is built from and what uses it. */
export const compositionCard = EntityCardBlueprint.make({
  name: 'composition',
  params: {
    filter: (entity: Entity) =>
      entity.metadata.labels?.[LEVEL_LABEL] !== undefined,
    loader: () =>
      import('./components/CompositionCard').then(m => <m.CompositionCard />),
  },
});

/** How to install and import a component of the Python library. */
export const useItCard = EntityCardBlueprint.make({
  name: 'use-it',
  params: {
    filter: (entity: Entity) =>
      Boolean(
        entity.metadata.annotations?.[PYTHON_IMPORT_ANNOTATION] ||
          entity.metadata.annotations?.[PYTHON_PACKAGE_ANNOTATION],
      ),
    loader: () => import('./components/UseItCard').then(m => <m.UseItCard />),
  },
});

/** The atomic catalog: the Components page, the rule violations warning and the Composition and Use it cards. */
export const atomicCatalogPlugin = createFrontendPlugin({
  pluginId: 'atomic-catalog',
  info: { packageJson: () => import('../package.json') },
  extensions: [componentsPage, ruleViolationsCard, compositionCard, useItCard],
  routes: {
    root: rootRouteRef,
  },
});
