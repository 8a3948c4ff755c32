import { startPortal } from '../scripts/lib/portal-process';

/** Starts the portal once for the whole end-to-end run and stops it afterwards. */
export default async function globalSetup() {
  const portal = await startPortal();
  process.env.PORTAL_E2E_URL = portal.url;
  return async () => {
    await portal.stop();
  };
}
