import { EdgeAppPage } from '@mlops-portal/plugin-edge-app-react';
import { ProjectDatasets } from '../ProjectDatasets';

/** The config key with the address of Rath's web client (config.d.ts). */
export const RATH_WEB_APP_KEY = 'rath.webAppUrl';

/**
 * What Rath needs in its frame: its scripts and workers and its own origin's storage (allow-same-origin,
 * for its IndexedDB), and saving charts and data (downloads). No forms, no popups, never the portal's
 * window.
 */
export const RATH_SANDBOX = 'allow-scripts allow-same-origin allow-downloads';

/**
 * A project's dataset explored in the portal (Graphic Walker), then Rath inside the portal. Rath's
 * production build sends uploaded data to third-party servers; the edge serves it on its own host name
 * with a Content-Security-Policy whose `connect-src 'self'` blocks that, so data explored there stays
 * on Rath's own origin.
 */
export function ExplorePage() {
  return (
    <EdgeAppPage
      title="Explore data"
      subtitle="A project's dataset in the portal, and Rath: automated exploratory analysis and visualisation"
      configKey={RATH_WEB_APP_KEY}
      sandbox={RATH_SANDBOX}
      appName="Rath"
      frameTitle="Rath"
      notServedText={
        <>
          This portal has no address for Rath ({RATH_WEB_APP_KEY}). In a
          deployment the edge serves Rath on a host name of its own, behind the
          portal's login and with a policy that keeps the data you load from
          leaving it (deploy/nginx); on the embedded defaults there is none.
        </>
      }
      frameNote="Data you load in Rath stays with Rath: it may only talk to its own origin."
    >
      <ProjectDatasets />
    </EdgeAppPage>
  );
}
