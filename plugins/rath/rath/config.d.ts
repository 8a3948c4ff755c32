export interface Config {
  rath?: {
    /**
     * The address of Rath's web client as the browser reaches it, framed by the Explore data page: a
     * host name of its own behind the edge, never the portal's or one under it, for example
     * `https://rath.example.org/rath/`. Without it the page says that Rath is not served here.
     * @visibility frontend
     */
    webAppUrl?: string;
  };
}
