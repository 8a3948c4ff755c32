export { leaderboardApiRef } from './LeaderboardApi';
export type { LeaderboardApi } from './LeaderboardApi';
export { LeaderboardClient } from './LeaderboardClient';
