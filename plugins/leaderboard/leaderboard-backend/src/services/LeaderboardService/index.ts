export { DefaultLeaderboardService } from './LeaderboardService';
export type { LeaderboardService } from './LeaderboardService';
