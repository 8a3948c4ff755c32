export interface Config {
  /**
   * The ClearML server whose experiments, models and datasets the portal shows on each project's page.
   * Without it the ClearML routes answer 503 naming these keys, and the rest of the portal works.
   */
  clearml?: {
    /** The API server, for example `https://api.clearml.example.com` (or `http://localhost:8008`). */
    apiUrl: string;
    /**
     * The web app as the browser reaches it, for deep links: behind the portal's edge this is the
     * portal's own `/clearml` route, for example `https://portal.example.com/clearml`.
     */
    webUrl: string;
    /**
     * Access key of the portal's ClearML service credentials (read-only use).
     * @visibility secret
     */
    accessKey: string;
    /**
     * Secret key of the portal's ClearML service credentials.
     * @visibility secret
     */
    secretKey: string;
    /** How long one call to ClearML may take before the portal answers 503; default 5000. */
    timeoutMs?: number;
  };
}
