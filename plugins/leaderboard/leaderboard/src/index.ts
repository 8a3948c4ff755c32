/**
 * The cross-project leaderboard's frontend plugin.
 *
 * @packageDocumentation
 */

export { leaderboardPlugin as default } from './plugin';
export { leaderboardApiRef, LeaderboardClient } from './api';
export type { LeaderboardApi } from './api';
