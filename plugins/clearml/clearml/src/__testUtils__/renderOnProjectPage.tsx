import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ClearmlApi, clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import { projectEntity } from './testData';

/** Renders one of the plugin's cards or tabs on the page of `projectEntity`, reading ClearML through `api`. */
export function renderOnProjectPage(element: JSX.Element, api: ClearmlApi) {
  return renderInTestApp(
    <EntityProvider entity={projectEntity}>{element}</EntityProvider>,
    { apis: [[clearmlApiRef, api]] },
  );
}
