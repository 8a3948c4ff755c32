import { EdgeAppPage } from '@mlops-portal/plugin-edge-app-react';

/** Where the edge proxy serves ClearML's web app, on the portal's own origin (see deploy/nginx). */
export const CLEARML_UI_PATH = '/clearml/';

/**
 * ClearML's web app inside the portal. It is served by the edge under the portal's own origin, behind
 * the same login, because ClearML only lets its own origin frame it.
 */
export function ClearmlPage() {
  return (
    <EdgeAppPage
      title="ClearML"
      subtitle="Experiments, models and datasets of every project"
      path={CLEARML_UI_PATH}
      appName="ClearML"
      frameTitle="ClearML web app"
      notServedText={
        <>
          Nothing answers {CLEARML_UI_PATH} on this portal's address. In a
          deployment the edge serves ClearML's web app there, behind the
          portal's login (deploy/nginx); on the embedded defaults there is none.
          Each project's experiments are on its own page, in the Experiments
          card and tab.
        </>
      }
    />
  );
}
