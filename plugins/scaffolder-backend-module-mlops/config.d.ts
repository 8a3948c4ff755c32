export interface Config {
  /**
   * The ClearML server that "Create project" creates experiment projects on.
   * Optional: without it, the `clearml:project:create` action fails with a message naming these keys.
   */
  clearml?: {
    /** The API server, for example `https://api.clearml.example.com`. */
    apiUrl: string;
    /** The web app, used for links to the created project, for example `https://clearml.example.com`. */
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
  };
}
