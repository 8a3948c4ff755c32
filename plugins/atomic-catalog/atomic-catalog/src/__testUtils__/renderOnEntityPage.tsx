import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestAppOptions,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';

/** Renders one of the plugin's entity cards as it stands on `entity`'s page. */
export function renderOnEntityPage(
  entity: Entity,
  card: JSX.Element,
  options?: TestAppOptions,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{card}</EntityProvider>,
    options,
  );
}
