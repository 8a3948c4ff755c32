/**
 * The cross-project leaderboard's backend plugin.
 *
 * @packageDocumentation
 */

export { leaderboardPlugin as default } from './plugin';
