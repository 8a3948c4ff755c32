export interface Config {
  clearml?: {
    /**
     * The address of ClearML's web app as the browser reaches it, framed by the ClearML page: a host
     * name of its own behind the edge, never the portal's or one under it, for example
     * `https://clearml.example.org/`. Without it the page says that ClearML is not served here.
     * @visibility frontend
     */
    webAppUrl?: string;
  };
}
