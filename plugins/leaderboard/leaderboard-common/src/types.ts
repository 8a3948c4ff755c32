import { Task } from '@mlops-portal/plugin-atomic-catalog-common';

/**
 * The data a run was scored on: the dataset version its project's run logged. A ClearML Data version
 * is named (dataset name and version) and linked; any other value (a local content-hashed version)
 * is shown as logged.
 *
 * @public
 */
export interface LeaderboardDataset {
  /** As the run logged it: a ClearML dataset version id, or a local version id. */
  version: string;
  /** What the page shows, for example `store-sales 1.1.0`. */
  label: string;
  webUrl?: string;
}

/**
 * A catalog component a winning run was made of.
 *
 * @public
 */
export interface LeaderboardComponent {
  name: string;
  entityRef: string;
}

/**
 * One completed training run of a project, as its generated `experiment.py` logged it to ClearML.
 *
 * @public
 */
export interface LeaderboardRun {
  /** The ClearML task id. */
  id: string;
  name: string;
  /** The catalog entity whose `clear.ml/project-name` names the run's ClearML project. */
  project: { entityRef: string; title: string };
  task: Task;
  metric: string;
  /** The held-out score on `metric`. */
  score: number;
  higherIsBetter: boolean;
  dataset: LeaderboardDataset;
  /** The winning candidate of the AutoML search, as the run named it. */
  winner?: string;
  /** The components the winning model is made of, the AutoML organism first. */
  components: LeaderboardComponent[];
  /** ISO time the run completed. */
  completed?: string;
  /** The run in ClearML's web app. */
  webUrl: string;
}

/**
 * Runs that can be compared: the same task, metric and dataset version. Each project's best run,
 * best first.
 *
 * @public
 */
export interface LeaderboardGroup {
  metric: string;
  higherIsBetter: boolean;
  dataset: LeaderboardDataset;
  runs: LeaderboardRun[];
}

/**
 * How fresh an answer is: ClearML is read at most every `maxAgeSeconds`, and the oldest data in this
 * answer was read at `readAt`.
 *
 * @public
 */
export interface LeaderboardFreshness {
  readAt: string;
  maxAgeSeconds: number;
}

/**
 * `GET /api/leaderboard/runs?task=`: the task's comparable groups, the groups with the most projects
 * first.
 *
 * @public
 */
export interface LeaderboardResponse extends LeaderboardFreshness {
  task: Task;
  groups: LeaderboardGroup[];
  /** Projects the user can see that name a ClearML project, and how many have a leaderboard run. */
  projects: { total: number; withRuns: number };
}

/**
 * `GET /api/leaderboard/components/best?entityRef=`: the best result a component was part of: the
 * winning run that used it with the best rank in its group (ties: the larger group, then the newer run).
 *
 * @public
 */
export interface ComponentBestResultResponse extends LeaderboardFreshness {
  entityRef: string;
  best?: {
    run: LeaderboardRun;
    /** 1 is the best of its group. */
    rank: number;
    /** How many projects' runs its group ranks. */
    of: number;
  };
}
