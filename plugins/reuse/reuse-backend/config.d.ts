export interface Config {
  reuse?: {
    /**
     * How long, in seconds, the reuse map keeps what it read from the catalog for one user (default 30;
     * 0 reads on every request). The component pages' "Used by" card always reads the catalog now.
     */
    cacheSeconds?: number;
  };
}
