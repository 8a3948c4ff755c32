import { EdgeAppPage } from '@mlops-portal/plugin-edge-app-react';

/** The config key with the address of ClearML's web app (config.d.ts). */
export const CLEARML_WEB_APP_KEY = 'clearml.webAppUrl';

/**
 * What ClearML's web app needs in its frame: its scripts and its own origin's storage and cookies (its
 * login), its forms, the downloads and new tabs it opens. Never the portal's window (no
 * allow-top-navigation): it runs on its own host name, so its scripts cannot reach the portal's.
 */
export const CLEARML_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-downloads';

/**
 * ClearML's web app inside the portal: served by the edge on ClearML's own host name, behind the same
 * Keycloak login (see deploy/nginx), and framed here, sandboxed.
 */
export function ClearmlPage() {
  return (
    <EdgeAppPage
      title="ClearML"
      subtitle="Experiments, models and datasets of every project"
      configKey={CLEARML_WEB_APP_KEY}
      sandbox={CLEARML_SANDBOX}
      appName="ClearML"
      frameTitle="ClearML web app"
      notServedText={
        <>
          This portal has no address for ClearML's web app (
          {CLEARML_WEB_APP_KEY}). In a deployment the edge serves it on a host
          name of its own, behind the portal's login (deploy/nginx); on the
          embedded defaults there is none. Each project's experiments are on its
          own page, in the Experiments card and tab.
        </>
      }
    />
  );
}
