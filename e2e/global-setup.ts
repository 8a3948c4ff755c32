import { guestToken, startPortal } from '../scripts/lib/portal-process';
import { createClearmlStandin } from '../plugins/clearml-backend/standin/clearmlStandin';

/**
 * The catalog ingests its files in the background: the tests start once the last generated location
 * (the component library) has been read, so that pages show the whole catalog on first load.
 */
async function waitForCatalog(url: string) {
  const token = await guestToken(url);
  const probe = `${url}/api/catalog/entities/by-name/component/default/seasonal-naive`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const res = await fetch(probe, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.ok) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`the catalog did not ingest ${probe} within 90 s`);
}

/** Starts the portal once for the whole end-to-end run and stops it afterwards. */
export default async function globalSetup() {
  // ClearML's API stand-in on a free port, with the example project's experiments
  const clearml = createClearmlStandin();
  await clearml.start();
  const portal = await startPortal({
    config: { clearml: { apiUrl: clearml.url } },
  });
  process.env.PORTAL_E2E_URL = portal.url;
  try {
    await waitForCatalog(portal.url);
  } catch (error) {
    await portal.stop();
    await clearml.stop();
    throw error;
  }
  return async () => {
    await portal.stop();
    await clearml.stop();
  };
}
