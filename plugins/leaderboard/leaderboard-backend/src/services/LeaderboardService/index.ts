export {
  DefaultLeaderboardService,
  HELD_OUT_TITLE,
} from './LeaderboardService';
export type { LeaderboardService } from './LeaderboardService';
