export interface Config {
  leaderboard?: {
    /**
     * How long, in seconds, the leaderboard keeps what it read of one ClearML project's runs (default
     * 60; 0 reads ClearML on every request). Each answer says when its oldest data was read.
     */
    cacheSeconds?: number;
    /** How many ClearML projects' runs the cache holds at most (default 1000; the oldest go first). */
    maxCachedProjects?: number;
    /** How many of a project's latest completed training runs are read (default 100, at most 500). */
    runsPerProject?: number;
  };
}
