import { ClearmlApi, clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { projectEntity } from './testData';

/** Renders one of the plugin's cards or tabs on the page of `projectEntity`, reading ClearML through `api`. */
export function renderOnProjectPage(element: JSX.Element, api: ClearmlApi) {
  return renderWithApis(element, [[clearmlApiRef, api]], {
    entity: projectEntity,
  });
}
