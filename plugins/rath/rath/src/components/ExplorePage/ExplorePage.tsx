import { EdgeAppPage } from '@mlops-portal/plugin-edge-app-react';
import { ProjectDatasets } from '../ProjectDatasets';

/** Where the edge proxy serves Rath's web client, on the portal's own origin (see deploy/nginx). */
export const RATH_PATH = '/rath/';

/**
 * A project's dataset explored in the portal (Graphic Walker), then Rath inside the portal. Rath's
 * production build sends uploaded data to third-party servers; the edge serves it under /rath/ with a
 * Content-Security-Policy whose `connect-src 'self'` blocks that, so data explored here stays on the
 * portal's origin.
 */
export function ExplorePage() {
  return (
    <EdgeAppPage
      title="Explore data"
      subtitle="A project's dataset in the portal, and Rath: automated exploratory analysis and visualisation"
      path={RATH_PATH}
      appName="Rath"
      frameTitle="Rath"
      notServedText={
        <>
          Nothing answers {RATH_PATH} on this portal's address. In a deployment
          the edge serves Rath there, behind the portal's login and with a
          policy that keeps the data you load in the portal (deploy/nginx); on
          the embedded defaults there is none.
        </>
      }
      frameNote="Data you load here stays in the portal: Rath may only talk to the portal's own origin."
    >
      <ProjectDatasets />
    </EdgeAppPage>
  );
}
