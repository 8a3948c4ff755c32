export interface Config {
  reuse?: {
    /**
     * After how many seconds the reuse map is read from the catalog again (default 30). The request
     * that finds the map older starts the read in the background and is answered from the previous
     * map; with 0 every request starts one. (A user whom the permission policy lets read only some
     * entities gets a map read with their own credentials, kept this long.) The component pages'
     * "Used by" card always reads the catalog now.
     */
    cacheSeconds?: number;
  };
}
