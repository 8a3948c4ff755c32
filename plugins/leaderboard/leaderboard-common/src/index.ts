/**
 * The cross-project leaderboard: what its backend answers and its frontend shows.
 *
 * @packageDocumentation
 */

export * from './types';
