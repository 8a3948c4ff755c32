export interface Config {
  /**
   * The ClearML server the portal talks to with its own service credentials: the ClearML plugin reads a
   * project's experiments, models and datasets from it, and "Create project" creates projects on it.
   * Set all four keys or none: without them the ClearML routes answer 503 and the
   * `mlops:clearmlProject:create` action fails, each naming these keys, and the rest of the portal works.
   */
  clearml?: {
    /** The API server, for example `https://api.clearml.example.com` (or `http://localhost:8008`). */
    apiUrl: string;
    /**
     * The web app as the browser reaches it, for deep links: behind the portal's edge this is ClearML's
     * own host name, for example `https://clearml.example.com`.
     */
    webUrl: string;
    /**
     * Access key of the portal's ClearML service credentials.
     * @visibility secret
     */
    accessKey: string;
    /**
     * Secret key of the portal's ClearML service credentials.
     * @visibility secret
     */
    secretKey: string;
    /**
     * How long one call to ClearML may take before it counts as unavailable; default 5000. An upload to
     * the file server gets this plus a second per MB.
     */
    timeoutMs?: number;
    /**
     * ClearML's file server, for example `https://files.clearml.example.com` (or `http://localhost:8081`):
     * "Create project" uploads the project's sample data there as its first dataset version
     * (`mlops:clearmlDataset:create`), with the portal's ClearML login. Optional for the rest of the
     * portal, but a Create project that starts from the sample data stops at that step without it,
     * naming this key; the ClearML project it made is kept, and Retry goes on once the key is set.
     */
    filesUrl?: string;
  };
}
